"""Building small ledger files for the ledger and indicator tests."""

import csv
from datetime import date

from qingfeng.clues.ledger import COLUMNS

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
        "反馈日期": "2018-04-03", "是否归档": "否", "备注": "", "专项治理主题": "",
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


# The constructed ledger of the indicator tests. Window used there: 2018-04-01 .. 2018-12-31.
# Columns: no, received, source, township key, category, closed, filed, due, repeat,
#          (persons_sanctioned, org_handled, first_form, judicial), recovered, returned
INDICATOR_CLUES = [
    ("C01", "2018-04-10", "信访举报", "t1", "虚报冒领", "2018-06-01", None, "2018-05-10", False, (1, 0, 2, 0), "1000.00", "500.00"),
    ("C02", "2018-05-20", "信访举报", "t1", "虚报冒领", None, None, "2018-06-20", True, (0, 0, 0, 0), "0", "0"),
    ("C03", "2018-07-01", "信访举报", "t2", "优亲厚友", "2019-01-15", None, "2018-08-01", False, (2, 0, 0, 0), "777.00", "0"),
    ("C04", "2018-12-31", "信访举报", "t3", "吃拿卡要", None, None, "2019-01-30", False, (0, 0, 0, 0), "0", "0"),
    ("C05", "2018-03-31", "信访举报", "t1", "虚报冒领", "2018-04-15", None, "2018-04-30", False, (1, 1, 0, 1), "200.50", "0"),
    ("C06", "2018-02-01", "上级交办", "t2", "截留挪用", None, "2018-04-20", "2018-03-01", False, (0, 0, 0, 0), "0", "0"),
    ("C07", "2018-06-15", "巡察移交", "t1", "截留挪用", "2018-11-30", "2018-07-01", "2018-09-15", False, (3, 0, 0, 1), "12345.67", "2000.00"),
    ("C08", "2018-08-08", "审计移交", "t3", "违规收费", None, None, "2018-12-31", False, (0, 0, 0, 0), "0", "0"),
    ("C09", "2018-09-09", "大数据比对", None, "虚报冒领", "2018-12-31", None, "2018-10-09", False, (0, 2, 1, 0), "300.00", "300.00"),
    ("C10", "2019-01-05", "信访举报", "t1", "虚报冒领", "2019-03-01", "2019-02-01", "2019-01-01", False, (4, 0, 0, 0), "999.00", "0"),
    ("C11", "2018-04-01", "信访举报", "t2", "形式主义官僚主义", "2018-04-30", None, "2018-05-01", True, (0, 0, 1, 0), "0", "0"),
    ("C12", "2018-10-10", "部门移送", "t2", "虚报冒领", None, None, "2018-11-10", False, (0, 0, 0, 0), "0", "0"),
    ("C13", "2018-11-11", "监督检查", "t3", "优亲厚友", None, "2018-12-01", "2019-02-11", False, (0, 0, 0, 0), "0", "0"),
    ("C14", "2017-12-01", "其他", "t1", "其他", "2018-03-31", "2017-12-20", "2018-01-01", False, (5, 0, 0, 0), "888.00", "0"),
    ("C15", "2018-06-30", "信访举报", "t3", "虚报冒领", "2018-07-31", None, "2018-07-30", True, (0, 0, 1, 0), "0", "150.25"),
    ("C16", "2018-09-30", "信访举报", None, "", None, None, None, False, (0, 0, 0, 0), "0", "0"),
    ("C17", "2018-01-15", "信访举报", "t1", "吃拿卡要", "2019-02-01", None, "2018-02-15", False, (0, 0, 0, 0), "0", "0"),
    ("C18", "2018-12-01", "上级交办", "t1", "截留挪用", None, "2018-12-31", "2018-12-30", False, (0, 0, 0, 0), "0", "0"),
    ("C19", "2018-05-05", "信访举报", "t2", "虚报冒领", "2018-05-05", "2018-05-05", "2018-06-05", False, (1, 1, 1, 0), "99.99", "0.01"),
    ("C20", "2018-08-20", "信访举报", "t1", "优亲厚友", None, None, "2018-12-30", True, (0, 0, 0, 0), "0", "0"),
]


def build_indicator_ledger(world):
    from decimal import Decimal

    from qingfeng.clues.models import Clue

    for no, received, source, town, category, closed, filed, due, repeat, people, recovered, returned in INDICATOR_CLUES:
        township = getattr(world, town) if town else None
        Clue.objects.create(
            clue_no=no, received_on=d(received), source=source, township=township, owner=township or world.county,
            category=category, state="已办结" if closed else "办理中", closed_on=d(closed) if closed else None,
            case_filed=bool(filed), filed_on=d(filed) if filed else None, due_on=d(due) if due else None,
            is_repeat=repeat, persons_sanctioned=people[0], org_handled=people[1], first_form=people[2],
            judicial=people[3], recovered=Decimal(recovered), returned=Decimal(returned),
        )
