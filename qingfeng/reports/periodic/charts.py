"""A report's Chart drawn as PNG by qingfeng.documents.charts (the PDF, the Word copy and the page)."""

from qingfeng.documents import charts
from qingfeng.reports.periodic.content import Chart


def png(chart: Chart) -> bytes:
    if chart.kind == "line":
        return charts.line(chart.title, chart.labels, chart.series)
    if chart.kind == "bars":
        return charts.bars(chart.title, chart.labels, chart.series, horizontal=len(chart.labels) > 8,
                           size=(7, max(3.2, 0.3 * len(chart.labels))) if len(chart.labels) > 8 else (7, 3.2))
    return charts.composition(chart.title, chart.parts)
