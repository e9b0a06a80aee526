"""Building small ledger files for the ledger and indicator tests."""

import csv
from datetime import date

from qingfeng.clues.ledger_columns import COLUMNS

HEADERS = [c.zh for c in COLUMNS]


def ledger_row(**values) -> dict:
    """A valid, closed petition row of 广福桥镇 青山村; keyword names are the Chinese headers."""
    row = {
        "线索编号": "XS-001", "受理日期": "2018-03-05", "线索来源": "信访举报", "反映方式": "来信",
        "反映人": "赵六", "反映人联系方式": "13800000000", "被反映人": "钱七", "被反映人单位及职务": "青山村 村主任",
        "所属乡镇": "广福桥镇", "所属村": "青山村", "问题类别": "虚报冒领", "主要问题": "冒领低保金",
        "涉及金额": "1200.50", "是否重复件": "否", "处置方式": "初步核实", "承办单位": "广福桥镇纪委",
        "承办人": "孙八", "办理时限": "2018-04-05", "办理状态": "已办结", "办结日期": "2018-04-01",
        "是否立案": "否", "立案日期": "", "党纪政务处分人数": "0", "组织处理人数": "1", "第一种形态人数": "2",
        "移送司法人数": "0", "追缴金额": "1200.50", "退还群众金额": "0", "是否反馈": "是",
        "反馈日期": "2018-04-03", "是否归档": "否", "备注": "",
    }
    for key, value in values.items():
        row[key] = value
    return row


def write_xlsx(path, rows: list[dict], headers=None, title_row: str | None = None):
    from openpyxl import Workbook

    headers = headers or _union(rows)
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h.strip(), row.get(h)) for h in headers])
    workbook.save(path)
    return path


def write_csv(path, rows: list[dict], encoding="utf-8", headers=None):
    headers = headers or _union(rows)
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h.strip(), row.get(h, "")) for h in headers])
    return path


def _union(rows: list[dict]) -> list[str]:
    seen = dict.fromkeys(HEADERS if not rows else [])
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def read_cells(path) -> list[list]:
    """Every cell value of the first sheet, as Excel stores them."""
    from openpyxl import load_workbook

    sheet = load_workbook(path).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def d(text: str) -> date:
    return date.fromisoformat(text)
