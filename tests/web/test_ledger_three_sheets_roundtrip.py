"""A three-sheet ledger workbook (ledger, 处理人员, 问责) imported and exported gives back every cell."""

from datetime import datetime

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.models import Accountability, Measure
from qingfeng.clues.ledger import COLUMNS, do_export_ledger, do_import_ledger
from qingfeng.clues.models import Clue

from .ledger_support import ACCOUNTABILITY_HEADERS, PERSON_HEADERS, read_all_cells

D = datetime


def _ledger_rows():
    """As the export writes them: real dates, numbers, 是/否, empty cells as None."""
    common = dict(zip([c.zh for c in COLUMNS], [None] * len(COLUMNS)))
    first = common | {
        "线索编号": "XS-001", "受理日期": D(2018, 3, 5), "线索来源": "信访举报", "反映方式": "来信", "反映人": "赵六",
        "反映人联系方式": "13800000000", "被反映人": "钱七", "被反映人单位及职务": "青山村 村主任", "所属乡镇": "广福桥镇",
        "所属村": "青山村", "问题类别": "虚报冒领", "主要问题": "冒领低保金", "涉及金额": 1200.5, "是否重复件": "否",
        "处置方式": "立案审查调查", "办理状态": "已办结", "办结日期": D(2018, 6, 1), "是否立案": "是", "立案日期": D(2018, 4, 2),
        "党纪政务处分人数": 2, "组织处理人数": 1, "第一种形态人数": 0, "移送司法人数": 0, "追缴金额": 1234.56,
        "退还群众金额": 800.0, "是否反馈": "是", "反馈日期": D(2018, 6, 3), "是否归档": "否", "备注": "'=SUM(A1)",
        "专项治理主题": "危房改造和易地搬迁", "督办情况": "已督办",
    }
    second = common | {
        "线索编号": "XS-002", "受理日期": D(2018, 5, 6), "线索来源": "上级交办", "反映人": "匿名", "所属乡镇": "东岳观镇",
        "主要问题": "'+违规收费", "是否重复件": "否", "办理状态": "办理中", "是否立案": "否", "党纪政务处分人数": 0,
        "组织处理人数": 0, "第一种形态人数": 1, "移送司法人数": 0, "追缴金额": 0.0, "退还群众金额": 0.0, "是否反馈": "否",
        "是否归档": "否", "督办情况": None,
    }
    return [first, second]


PERSONS = [
    ["XS-001", "钱七", "青山村 村主任", "村(社区)干部", "中共党员", "党纪处分", "留党察看", D(2018, 5, 20), "第三种", 1000.0,
     800.0, "慈纪发〔2018〕3号"],
    ["XS-001", "钱七", "青山村 村主任", "村(社区)干部", "中共党员", "组织处理", "免职", D(2018, 5, 21), "第二种", 0.0, 0.0,
     None],
    ["XS-001", "李四", None, None, None, "政务处分", "记过", None, "第二种", 234.56, 0.0, None],
    ["XS-002", "孙八", "'=HYPERLINK(\"x\")", "一般干部", "非中共党员", "第一种形态", "诫勉", D(2018, 7, 1), "第一种", 0.0,
     0.0, "'@备注"],
]
ACCOUNTABILITY = [
    ["WZ20180001", D(2018, 5, 10), "领导干部", "周九", "广福桥镇 党委书记", "广福桥镇", "是", "主体责任", "通报", "落实主体责任不力",
     "XS-001", "慈纪问〔2018〕1号"],
    ["WZ20180002", D(2018, 6, 1), "党组织", "县民政局党组", None, None, None, "监督责任", "检查", "'-监督缺位", None, None],
]


def _write(path):
    from openpyxl import Workbook

    workbook = Workbook()
    ledger = workbook.active
    headers = [c.zh for c in COLUMNS] + ["督办情况"]
    ledger.append(headers)
    for row in _ledger_rows():
        ledger.append([row[h] for h in headers])
    persons = workbook.create_sheet("处理人员")
    persons.append(PERSON_HEADERS + ["处分文号"])
    for row in PERSONS:
        persons.append(row)
    accountability = workbook.create_sheet("问责")
    accountability.append(ACCOUNTABILITY_HEADERS + ["文号"])
    for row in ACCOUNTABILITY:
        accountability.append(row)
    workbook.save(path)
    return path


def _cells(path) -> list[list[list]]:
    return list(read_all_cells(path).values())


def test_importing_a_three_sheet_workbook_and_exporting_it_gives_every_cell_back(world, tmp_path):
    source = _write(tmp_path / "in.xlsx")
    report = do_import_ledger(source, acting_user=None)
    assert (report.imported, report.persons.imported, report.accountability.imported) == (2, 4, 2)
    assert report.problems == [] and report.persons.problems == [] and report.accountability.problems == []
    assert Clue.objects.get(clue_no="XS-001").note == "=SUM(A1)"  # the export's quote is taken off
    assert Measure.objects.get(name="孙八").post == '=HYPERLINK("x")'

    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=None)
    assert list(read_all_cells(out)) == ["问题线索台账", "处理人员", "问责"]
    for got, want in zip(_cells(out), _cells(source)):  # sheet by sheet, row by row: a failure shows the cell
        assert len(got) == len(want)
        for got_row, want_row in zip(got, want):
            assert got_row == want_row


def test_export_import_export_changes_nothing_and_gives_identical_cells(world, tmp_path):
    do_import_ledger(_write(tmp_path / "in.xlsx"), acting_user=None)
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    do_export_ledger(first, acting_user=None)
    audit = AuditEntry.objects.count()
    versions = (list(Clue.objects.values_list("version", flat=True).order_by("id")),
                list(Measure.objects.values_list("version", flat=True).order_by("id")),
                list(Accountability.objects.values_list("version", flat=True).order_by("id")))

    report = do_import_ledger(first, acting_user=None)
    assert (report.unchanged, report.persons.unchanged, report.accountability.unchanged) == (2, 4, 2)
    assert report.problems == []
    assert AuditEntry.objects.count() == audit
    assert (list(Clue.objects.values_list("version", flat=True).order_by("id")),
            list(Measure.objects.values_list("version", flat=True).order_by("id")),
            list(Accountability.objects.values_list("version", flat=True).order_by("id"))) == versions
    do_export_ledger(second, acting_user=None)
    assert _cells(first) == _cells(second)


def test_the_persons_sheet_exports_only_the_persons_of_the_exported_clues(world, tmp_path):
    do_import_ledger(_write(tmp_path / "in.xlsx"), acting_user=None)
    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=world.bob)  # 东岳观镇: XS-002 only
    cells = read_all_cells(out)
    assert [r[0] for r in cells["问题线索台账"][1:]] == ["XS-002"]
    assert [(r[0], r[1]) for r in cells["处理人员"][1:]] == [("XS-002", "孙八")]
    entry = AuditEntry.objects.filter(action="clue.ledger_export").latest("id")
    assert (entry.after["rows"], entry.after["persons"]) == (1, 1)
