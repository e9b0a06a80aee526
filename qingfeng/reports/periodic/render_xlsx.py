"""A periodic report as Excel (openpyxl): one sheet per section, numbers as numbers, 元 as 0.00.

Free text (names, subjects, summaries) goes through `neutralise`, so a value such as
"=HYPERLINK(…)" stays text, never a formula.
"""

import io
from datetime import date
from decimal import Decimal

from qingfeng.engine.cellsafe import neutralise
from qingfeng.reports.periodic.content import Change, Report

MAX_TITLE = 31  # Excel's limit on a sheet name
_FORMATS = {Decimal: "0.00", Change: "+0.0%;-0.0%;0.0%", date: "yyyy-mm-dd"}


def render(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(section.title))
        # Rows are counted here: Worksheet.max_row scans every cell, quadratic over a long list.
        row_no = 0

        def append(values, font=None):
            nonlocal row_no
            sheet.append(values)
            row_no += 1
            if font:
                for column in range(1, len(values) + 1):
                    sheet.cell(row=row_no, column=column).font = font

        append([neutralise(report.title)], bold)
        append([report.subtitle])
        for line in section.lines:
            append([neutralise(line)])
        widths: dict[int, int] = {}
        for table in section.tables:
            append([])
            append([table.title], bold)
            append(table.headings, bold)
            for row in table.rows:
                append([_value(v) for v in row])
                for column, value in enumerate(row, 1):
                    fmt = _FORMATS.get(type(value))
                    if fmt:
                        sheet.cell(row=row_no, column=column).number_format = fmt
                    widths[column] = max(widths.get(column, 8), min(len(str(value)) * 2, 60))
            if table.note:
                append([table.note])
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Change):
        return value.value
    if isinstance(value, str):
        return neutralise(value)
    return value


def _sheet_name(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:MAX_TITLE]
