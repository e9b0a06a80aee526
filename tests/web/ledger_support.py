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


PERSON_HEADERS = ["线索编号", "姓名", "单位及职务", "职级", "政治面貌", "处理类别", "处理种类", "决定日期", "四种形态",
                  "追缴金额", "退还群众金额"]
ACCOUNTABILITY_HEADERS = ["问责编号", "决定日期", "问责对象类型", "问责对象", "单位及职务", "所属乡镇", "是否主要负责人",
                          "责任类型", "问责方式", "问责事由", "关联线索编号"]


def person_row(**values) -> dict:
    """A 警告 (党纪处分) of 钱七 on clue XS-001; keyword names are the Chinese headers."""
    row = {"线索编号": "XS-001", "姓名": "钱七", "单位及职务": "青山村 村主任", "职级": "村(社区)干部",
           "政治面貌": "中共党员", "处理类别": "党纪处分", "处理种类": "警告", "决定日期": "2018-04-01",
           "四种形态": "", "追缴金额": "0", "退还群众金额": "0"}
    row.update(values)
    return row


def accountability_row(**values) -> dict:
    """A 通报 of 广福桥镇's leading cadre, linked to XS-001."""
    row = {"问责编号": "WZ20180001", "决定日期": "2018-05-10", "问责对象类型": "领导干部", "问责对象": "周九",
           "单位及职务": "广福桥镇 党委书记", "所属乡镇": "广福桥镇", "是否主要负责人": "是", "责任类型": "主体责任",
           "问责方式": "通报", "问责事由": "落实主体责任不力", "关联线索编号": "XS-001"}
    row.update(values)
    return row


def write_workbook(path, ledger: list[dict], persons: list[dict] | None = None,
                   accountability: list[dict] | None = None, *, person_headers=None, accountability_headers=None,
                   sheet_names=("处理人员", "问责")):
    """A ledger workbook: the ledger sheet first, then the 处理人员 and 问责 sheets (when given)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheets = [(workbook.active, _union(ledger), ledger)]
    if persons is not None:
        sheets.append((workbook.create_sheet(sheet_names[0]), person_headers or PERSON_HEADERS, persons))
    if accountability is not None:
        sheets.append((workbook.create_sheet(sheet_names[1]), accountability_headers or ACCOUNTABILITY_HEADERS,
                       accountability))
    for sheet, headers, rows in sheets:
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h.strip(), row.get(h)) for h in headers])
    workbook.save(path)
    return path


def read_all_cells(path) -> dict[str, list[list]]:
    """Every cell of every sheet, by sheet title."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
