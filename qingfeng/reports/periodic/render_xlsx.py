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


def render(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(section.title))
        sheet.append([neutralise(report.title)])
        sheet.append([report.subtitle])
        sheet["A1"].font = bold
        for line in section.lines:
            sheet.append([neutralise(line)])
        widths: dict[int, int] = {}
        for table in section.tables:
            sheet.append([])
            sheet.append([table.title])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            sheet.append(table.headings)
            for cell in sheet[sheet.max_row]:
                cell.font = bold
            for row in table.rows:
                sheet.append([_value(v) for v in row])
                for column, value in enumerate(row, 1):
                    cell = sheet.cell(row=sheet.max_row, column=column)
                    if isinstance(value, Decimal):
                        cell.number_format = "0.00"
                    elif isinstance(value, Change):
                        cell.number_format = "+0.0%;-0.0%;0.0%"
                    elif isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
                    widths[column] = max(widths.get(column, 8), min(len(str(value)) * 2, 60))
            if table.note:
                sheet.append([table.note])
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
