"""The 20th's summary as an Excel sheet (Chinese headers); department names pass `neutralise`."""

from qingfeng.engine.cellsafe import neutralise

HEADERS = ("部门", "移送线索", "待处置", "办理中", "已办结", "已立案", "报送情况", "报送时间", "是否逾期",
           "清单后新增移送", "说明")


def summary_workbook(target, summary, county_name: str) -> None:
    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{summary.month:%Y-%m}"
    sheet.append([neutralise(f"{county_name} 行业部门移送问题线索汇总（{summary.month:%Y年%m月}，"
                             f"{summary.due:%Y-%m-%d} 汇总）")])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in summary.rows:
        ret = row.monthly_return
        sheet.append([
            neutralise(row.department.name), row.transferred, row.pending, row.handling, row.closed, row.filed,
            row.status_label, timezone.localtime(ret.submitted_at).strftime("%Y-%m-%d %H:%M") if ret else "",
            ("是" if row.late else "否") if ret else "", row.added_since, neutralise(ret.note) if ret else "",
        ])
    totals = summary.totals
    sheet.append(["合计", *(totals[k] for k in ("transferred", "pending", "handling", "closed", "filed")),
                  f"未报送 {len(summary.missing)} 个部门"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for index, width in enumerate((22, 10, 10, 10, 10, 10, 14, 18, 10, 14, 30), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B3"
    workbook.save(target)
