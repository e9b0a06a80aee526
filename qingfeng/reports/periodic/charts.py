"""A report's Chart drawn as PNG by qingfeng.documents.charts (the PDF, the Word copy and the page)."""

from qingfeng.documents import charts
from qingfeng.reports.periodic.content import Chart


def png(chart: Chart) -> bytes:
    if chart.kind == "line":
        return charts.line(chart.title, chart.labels, chart.series)
    if chart.kind == "bars":
        return charts.bars(chart.title, chart.labels, chart.series)
    return charts.composition(chart.title, chart.parts)
