"""The indicators of a window as an Excel workbook: totals (in the sections of the page:
线索, 案件, 四种形态, 问责), then one sheet per breakdown (campaign included; the clues
without a campaign, key "", are the row （未纳入专项治理）).

Group keys (township, category, campaign names …) and the title are free text from
the ledger: they go through `neutralise`, so a name such as "=HYPERLINK(…)" is shown
as text, never run as a formula.
"""

from datetime import date

from qingfeng.engine.cellsafe import neutralise
from qingfeng.reports.indicators import (
    AMOUNT_KEYS,
    CAMPAIGN_NONE_LABEL,
    DIMENSION_LABELS,
    LABELS,
    NO_CAMPAIGN,
    SECTION_KEYS,
    SECTIONS,
)


def figures_workbook(target, totals: dict, breakdowns: dict, date_from: date, date_to: date, scope_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总"
    sheet.append([neutralise(f"{scope_name} 问题线索统计（{date_from.isoformat()} 至 {date_to.isoformat()}）")])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["指标", "代码", "数值"])
    for title, keys in SECTIONS:
        sheet.append([title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for key in keys:
            sheet.append([LABELS[key], key, _number(key, totals[key])])
    _finish(sheet, header_row=2, widths=[30, 30, 16])
    for dimension, rows in breakdowns.items():
        sheet = workbook.create_sheet(DIMENSION_LABELS[dimension])
        sheet.append([DIMENSION_LABELS[dimension].removeprefix("按")] + [LABELS[k] for k in SECTION_KEYS])
        for row in rows:
            sheet.append([neutralise(_row_key(dimension, row["key"]))] + [_number(k, row[k]) for k in SECTION_KEYS])
        _finish(sheet, header_row=1, widths=[18] + [14] * len(SECTION_KEYS))
    workbook.save(target)


def _row_key(dimension: str, key: str) -> str:
    return CAMPAIGN_NONE_LABEL if dimension == "campaign" and key == NO_CAMPAIGN else key


def _number(key, value):
    return float(value) if key in AMOUNT_KEYS else value


def _finish(sheet, header_row: int, widths: list[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
