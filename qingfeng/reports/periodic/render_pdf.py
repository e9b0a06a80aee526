"""A periodic report as an A4 PDF (qingfeng.documents.pdf), CJK faces embedded, charts as PNG."""

from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.documents.pdf import GREY, Document
from qingfeng.reports.periodic import cells
from qingfeng.reports.periodic.charts import png
from qingfeng.reports.periodic.content import Report, Table

# Relative column widths of the tables whose text columns need room.
WIDTHS = {
    "intake": (14, 9, 7, 10, 9, 10, 41),
    "overdue": (14, 10, 10, 9, 10, 9, 10, 7, 12),
    "supervised": (14, 10, 10, 9, 7, 11, 10, 10, 8),
}


def render(report: Report) -> bytes:
    footer = _("统计口径：各项指标与“report stats”同一时段一致；生成时间 %(now)s。") % {
        "now": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    doc = Document(report.title, text=_characters(report) + footer + _("（无）") + "一二三四五六七八九十")
    doc.title(report.title, size=18)
    doc.text(report.subtitle, font="sans", size=11, align="C", gap=2)
    doc.rule()
    for number, section in enumerate(report.sections, 1):
        doc.heading(f"{_number(number)}、{section.title}", size=13)
        for line in section.lines:
            doc.text(line, size=11.5, height=7, gap=2)
        for chart in section.charts:
            doc.image(png(chart), width=doc.width * (0.6 if chart.kind == "composition" else 0.9))
        for table in section.tables:
            _table(doc, table, section.title)
    doc.text(footer, font="sans", size=8, colour=GREY)
    return doc.bytes()


def _characters(report: Report) -> str:
    """Every character the report prints (the faces are cut down to them)."""
    texts = [report.title, report.subtitle]
    for section in report.sections:
        texts += [section.title, *section.lines]
        for table in section.tables:
            texts += [table.title, table.note, *table.headings]
            texts += [cells.text(value) for row in table.rows for value in row]
    return "".join(texts)


def _table(doc: Document, table: Table, section_title: str) -> None:
    doc.pdf.set_draw_color(*GREY)
    doc.pdf.set_line_width(0.2)
    if table.title and table.title != section_title:
        doc.text(table.title, font="sansb", size=10, gap=1)
    if not table.rows:
        doc.text(_("（无）"), font="sans", size=9, gap=2)
        return
    columns = len(table.headings)
    size = 8.5 if columns <= 6 else (7.5 if columns <= 9 else 6.5)
    rows = [[cells.text(v) for v in row] for row in table.rows]
    widths = WIDTHS.get(table.key)
    if widths is None and columns > 2:  # a label column, then numbers: the label gets room
        widths = (2.6,) + (1,) * (columns - 1)
    doc.table(table.headings, rows, widths=widths, size=size,
              numbers_from=min(table.numbers_from, columns))
    if table.note:
        doc.text(table.note, font="sans", size=8.5, colour=GREY, gap=2)


def _number(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if n <= 10 else str(n)
