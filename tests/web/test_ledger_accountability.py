"""The ledger workbook's 问责 sheet (ledger.md §5), and the ledger's 专项治理主题 column (§1)."""

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.models import Accountability, Campaign
from qingfeng.clues.ledger import do_export_ledger, do_import_ledger
from qingfeng.clues.models import Clue

from .ledger_support import (
    accountability_row,
    ledger_row,
    read_all_cells,
    write_workbook,
)


def _import(tmp_path, rows, ledger=None, name="w.xlsx"):
    path = write_workbook(tmp_path / name, ledger if ledger is not None else [ledger_row()], [], rows)
    return do_import_ledger(path, acting_user=None)


def test_accountability_rows_are_imported_owned_by_their_township_or_the_county(world, tmp_path):
    report = _import(tmp_path, [
        accountability_row(),
        accountability_row(问责编号="", 问责对象类型="党组织", 问责对象="县民政局党组", 所属乡镇="", 是否主要负责人="",
                           责任类型="监督责任", 问责方式="检查", 关联线索编号=""),
    ])
    sheet = report.accountability
    assert (sheet.read, sheet.imported, sheet.updated, sheet.rejected) == (2, 2, 0, 0)
    leader = Accountability.objects.get(no="WZ20180001")
    assert (leader.township, leader.owner, leader.principal, leader.clue.clue_no) == (world.t1, world.t1, True, "XS-001")
    assert (leader.responsibility, leader.measure, leader.reason) == ("主体责任", "通报", "落实主体责任不力")
    unit = Accountability.objects.get(target="县民政局党组")
    assert (unit.township, unit.owner, unit.principal, unit.clue) == (None, world.county, False, None)
    assert unit.no == "WZ20180002"  # generated, past the number the file gave
    assert AuditEntry.objects.filter(action="accountability.ledger_import").count() == 2


ACCOUNTABILITY_REJECTIONS = [
    ({"问责方式": "改组"}, "问责方式", "问责对象为领导干部时，问责方式应为 通报、诫勉、组织调整或者组织处理、纪律处分 之一，而不是：改组"),
    ({"问责对象类型": "党组织", "问责方式": "检查"}, "是否主要负责人", "是否主要负责人只适用于领导干部"),
    ({"问责对象类型": "个人"}, "问责对象类型", "未知的问责对象类型：个人"),
    ({"责任类型": "直接责任"}, "责任类型", "未知的责任类型：直接责任"),
    ({"所属乡镇": "不存在镇"}, "所属乡镇", "未知的乡镇：不存在镇"),
    ({"关联线索编号": "XS-404"}, "关联线索编号", "未知的线索编号：XS-404"),
    ({"决定日期": ""}, "决定日期", "决定日期不能为空"),
    ({"决定日期": "明天"}, "决定日期", "无法识别的日期：明天"),
    ({"问责对象": ""}, "问责对象", "问责对象不能为空"),
    ({"是否主要负责人": "也许"}, "是否主要负责人", "应为“是”或“否”"),
]


@pytest.mark.parametrize("change, column, reason", ACCOUNTABILITY_REJECTIONS, ids=[r[1] for r in ACCOUNTABILITY_REJECTIONS])
def test_an_accountability_row_breaking_a_rule_is_rejected_with_row_column_and_reason(world, tmp_path, change, column,
                                                                                   reason):
    report = _import(tmp_path, [accountability_row(问责编号="WZ20180007"), accountability_row(**change)])
    sheet = report.accountability
    assert (sheet.read, sheet.imported, sheet.rejected) == (2, 1, 1)
    assert [(row, col) for row, col, _r in sheet.problems] == [(3, column)]
    assert reason in sheet.problems[0][2]
    assert list(Accountability.objects.values_list("no", flat=True)) == ["WZ20180007"]
    assert any(line.startswith("工作表“问责”第 3 行，" + column) for line in report.lines())


def test_an_existing_accountability_number_updates_the_record_and_reimport_changes_nothing(world, tmp_path):
    _import(tmp_path, [accountability_row()])
    report = _import(tmp_path, [accountability_row(问责方式="诫勉", 问责事由="")], name="two.xlsx")
    assert (report.accountability.imported, report.accountability.updated, report.accountability.unchanged) == (0, 1, 0)
    record = Accountability.objects.get()
    assert (record.measure, record.reason, record.version) == ("诫勉", "落实主体责任不力", 2)  # empty keeps
    audit = AuditEntry.objects.count()
    again = _import(tmp_path, [accountability_row(问责方式="诫勉", 问责事由="")], name="three.xlsx")
    assert (again.accountability.updated, again.accountability.unchanged) == (1, 1)
    assert Accountability.objects.count() == 1 and AuditEntry.objects.count() == audit


def test_the_accountability_sheet_is_exported_for_the_window_and_the_users_scope(world, tmp_path):
    _import(tmp_path, [
        accountability_row(),
        accountability_row(问责编号="WZ20180002", 所属乡镇="江垭镇", 决定日期="2018-06-01", 关联线索编号=""),
        accountability_row(问责编号="WZ20190001", 决定日期="2019-01-05"),
    ])
    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=None, date_from=None, date_to=None)
    cells = read_all_cells(out)
    assert [r[0] for r in cells["问责"][1:]] == ["WZ20180001", "WZ20180002", "WZ20190001"]
    do_export_ledger(out, acting_user=world.carol)  # 第一片区: 广福桥镇, not 江垭镇
    assert [r[0] for r in read_all_cells(out)["问责"][1:]] == ["WZ20180001", "WZ20190001"]
    do_export_ledger(out, acting_user=None, date_to=__import__("datetime").date(2018, 12, 31))
    assert [r[0] for r in read_all_cells(out)["问责"][1:]] == ["WZ20180001", "WZ20180002"]
    do_export_ledger(out, acting_user=world.gina)  # a department liaison reads no 问责
    assert read_all_cells(out)["问责"][1:] == []


# -- 专项治理主题 --------------------------------------------------------------------------------

def test_a_campaign_named_in_the_ledger_is_found_or_created_without_a_quarter(world, tmp_path):
    known = Campaign.objects.create(name="危房改造和易地搬迁", year=2018, quarter=1)
    report = _import(tmp_path, None, ledger=[
        ledger_row(专项治理主题="危房改造和易地搬迁"), ledger_row(线索编号="XS-002", 专项治理主题=" 村级财务清查 "),
        ledger_row(线索编号="XS-003", 专项治理主题="村级财务清查"), ledger_row(线索编号="XS-004")])
    assert report.imported == 4
    clues = {c.clue_no: c.campaign for c in Clue.objects.select_related("campaign")}
    assert clues["XS-001"] == known
    created = Campaign.objects.get(name="村级财务清查")
    assert (created.year, created.quarter) == (None, None)
    assert clues["XS-002"] == clues["XS-003"] == created and clues["XS-004"] is None
    entry = AuditEntry.objects.get(action="campaign.ledger_create")
    assert entry.object_id == str(created.pk) and entry.after["name"] == "村级财务清查"


def test_an_empty_campaign_cell_keeps_the_clues_campaign_and_a_new_name_changes_it(world, tmp_path):
    _import(tmp_path, None, ledger=[ledger_row(专项治理主题="生态扶贫")])
    again = _import(tmp_path, None, ledger=[ledger_row(专项治理主题="")], name="two.xlsx")
    assert again.unchanged == 1 and Clue.objects.get().campaign.name == "生态扶贫"
    _import(tmp_path, None, ledger=[ledger_row(专项治理主题="退耕还林三项补助")], name="three.xlsx")
    assert Clue.objects.get().campaign.name == "退耕还林三项补助"


def test_a_campaign_name_too_long_is_rejected(world, tmp_path):
    report = _import(tmp_path, None, ledger=[ledger_row(专项治理主题="长" * 61)])
    assert report.rejected == 1 and report.problems[0][1] == "专项治理主题"
    assert not Campaign.objects.exists()


def test_the_export_writes_the_campaign_column(world, tmp_path):
    _import(tmp_path, None, ledger=[ledger_row(专项治理主题="互联网+监督数据比对"), ledger_row(线索编号="XS-002")])
    out = tmp_path / "out.xlsx"
    do_export_ledger(out, acting_user=None)
    ledger = read_all_cells(out)["问题线索台账"]
    assert ledger[0][32] == "专项治理主题"
    assert [r[32] for r in ledger[1:]] == ["互联网+监督数据比对", None]
