"""A periodic report as Word (.docx, python-docx): fonts by name, tables, the quarter's charts as pictures."""

import io

from django.utils.translation import gettext as _

from qingfeng.documents import fonts
from qingfeng.reports.periodic import cells
from qingfeng.reports.periodic.charts import png
from qingfeng.reports.periodic.content import Report, Table


def _font(run, font: fonts.Font, size: float, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = font.family
    run.font.size = Pt(size)
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), font.family)


def render(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(report.title), fonts.TITLE, 20)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(subtitle.add_run(report.subtitle), fonts.TABLE, 11)
    for number, section in enumerate(report.sections, 1):
        heading = document.add_paragraph()
        _font(heading.add_run(f"{'一二三四五六七八九十'[number - 1] if number <= 10 else number}、{section.title}"),
              fonts.TABLE, 14, bold=True)
        for line in section.lines:
            _font(document.add_paragraph().add_run(line), fonts.BODY, 14)
        for chart in section.charts:
            document.add_picture(io.BytesIO(png(chart)), width=Cm(10 if chart.kind == "composition" else 16))
        for table in section.tables:
            _table(document, table, section.title)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document, table: Table, section_title: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if table.title and table.title != section_title:
        _font(document.add_paragraph().add_run(table.title), fonts.TABLE, 11, bold=True)
    if not table.rows:
        _font(document.add_paragraph().add_run(_("（无）")), fonts.TABLE, 10)
        return
    from docx.table import _Cell

    size = 9 if len(table.headings) <= 7 else 7.5
    grid = document.add_table(rows=0, cols=len(table.headings))
    grid.style = "Table Grid"
    for row_index, values in enumerate([table.headings, *table.rows]):
        heading = row_index == 0 or cells.is_heading_row(values)
        # The row's own cells (Table.cell() walks the whole grid each call: quadratic on long lists)
        for column, (tc, value) in enumerate(zip(grid.add_row()._tr.tc_lst, values)):
            paragraph = _Cell(tc, grid).paragraphs[0]
            if row_index and column >= table.numbers_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(paragraph.add_run(cells.text(value)), fonts.TABLE, size, bold=heading)
    if table.note:
        _font(document.add_paragraph().add_run(table.note), fonts.TABLE, 9)
