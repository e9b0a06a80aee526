"""Importing a ledger: every row is imported, updated or rejected with row, column and reason."""

from datetime import datetime
from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.trail import verify
from qingfeng.clues.ledger import do_import_ledger
from qingfeng.clues.models import Clue, Reporter

from .ledger_support import d, ledger_row, write_csv, write_xlsx


def test_valid_rows_are_imported_with_every_column(world, tmp_path):
    path = write_xlsx(tmp_path / "l.xlsx", [ledger_row(), ledger_row(线索编号="XS-002", 是否立案="是", 立案日期="2018-03-20",
                                                                   线索来源="巡察移交", 反映方式="", 反映人="",
                                                                   反映人联系方式="")])
    report = do_import_ledger(path, acting_user=None)
    assert (report.read, report.imported, report.updated, report.rejected) == (2, 2, 0, 0)
    clue = Clue.objects.get(clue_no="XS-001")
    assert clue.received_on == d("2018-03-05") and clue.source == "信访举报" and clue.channel == "来信"
    assert (clue.reporter.name, clue.reporter.contact) == ("赵六", "13800000000")
    assert (clue.township, clue.village, clue.owner) == (world.t1, world.v1, world.t1)
    assert clue.amount_involved == Decimal("1200.50") and clue.recovered == Decimal("1200.50")
    assert (clue.state, clue.closed_on, clue.fed_back, clue.feedback_on) == ("已办结", d("2018-04-01"), True, d("2018-04-03"))
    assert (clue.org_handled, clue.first_form, clue.persons_sanctioned) == (1, 2, 0)
    assert clue.handler_name == "孙八" and clue.subject_post == "青山村 村主任"
    other = Clue.objects.get(clue_no="XS-002")
    assert other.case_filed and other.filed_on == d("2018-03-20") and other.reporter is None


REJECTIONS = [
    ({"受理日期": "2018-02-30"}, "受理日期", "无法识别的日期"),
    ({"受理日期": "昨天"}, "受理日期", "无法识别的日期"),
    ({"受理日期": ""}, "受理日期", "受理日期不能为空"),
    ({"办结日期": ""}, "办结日期", "已办结，但办结日期为空"),
    ({"办理状态": "办理中"}, "办结日期", "填写了办结日期，但办理状态为办理中"),
    ({"是否立案": "是"}, "立案日期", "是否立案为“是”，但立案日期为空"),
    ({"立案日期": "2018-03-10"}, "立案日期", "填写了立案日期，但是否立案为“否”"),
    ({"线索来源": "群众来电"}, "线索来源", "未知的线索来源：群众来电"),
    ({"线索来源": ""}, "线索来源", "线索来源不能为空"),
    ({"反映方式": "微信"}, "反映方式", "未知的反映方式：微信"),
    ({"线索来源": "审计移交"}, "反映方式", "反映方式只适用于信访举报"),
    ({"处置方式": "批评教育"}, "处置方式", "未知的处置方式：批评教育"),
    ({"办理状态": "已结束"}, "办理状态", "未知的办理状态：已结束"),
    ({"组织处理人数": "-1"}, "组织处理人数", "人数不能为负数"),
    ({"第一种形态人数": "1.5"}, "第一种形态人数", "应为人数（非负整数）"),
    ({"追缴金额": "一千元"}, "追缴金额", "无法识别的金额：一千元"),
    ({"涉及金额": "-5"}, "涉及金额", "金额不能为负数"),
    ({"所属乡镇": "不存在镇"}, "所属乡镇", "未知的乡镇：不存在镇"),
    ({"所属村": "龙泉村"}, "所属村", "广福桥镇没有名为“龙泉村”的村"),
    ({"是否重复件": "可能"}, "是否重复件", "应为“是”或“否”"),
    ({"被反映人": "长" * 101}, "被反映人", "最多 100 字"),
]


@pytest.mark.parametrize("change, column, reason", REJECTIONS, ids=[r[2] for r in REJECTIONS])
def test_a_row_breaking_a_rule_is_rejected_with_row_column_and_reason(world, tmp_path, change, column, reason):
    rows = [ledger_row(线索编号="OK-1"), ledger_row(线索编号="BAD-1", **change), ledger_row(线索编号="OK-2")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert (report.read, report.imported, report.updated, report.rejected) == (3, 2, 0, 1)
    assert len(report.problems) == 1
    row, col, why = report.problems[0]
    assert (row, col) == (3, column) and reason in why
    assert set(Clue.objects.values_list("clue_no", flat=True)) == {"OK-1", "OK-2"}
    assert f"第 3 行，{column}：{why}" in report.lines()


def test_a_row_with_several_problems_is_counted_once_and_reports_each(world, tmp_path):
    rows = [ledger_row(受理日期="x", 线索来源="y", 组织处理人数="-2")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert (report.read, report.rejected) == (1, 1)
    assert sorted(p[1] for p in report.problems) == ["受理日期", "线索来源", "组织处理人数"]


def test_every_date_format_is_read(world, tmp_path):
    formats = ["2018-03-05", "2018/3/5", "20180305", "2018年3月5日", "2018.03.05", 43164, datetime(2018, 3, 5, 14, 30),
               "2018-03-05 09:15:00"]
    rows = [ledger_row(线索编号=f"D-{i}", 受理日期=value) for i, value in enumerate(formats)]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert report.rejected == 0, report.problems
    assert set(Clue.objects.values_list("received_on", flat=True)) == {d("2018-03-05")}


def test_existing_clue_no_updates_the_clue_across_imports(world, tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "a.xlsx", [ledger_row()]), acting_user=None)
    clue = Clue.objects.get()
    report = do_import_ledger(write_xlsx(tmp_path / "b.xlsx", [ledger_row(备注="已核实", 组织处理人数="3")]), acting_user=None)
    assert (report.read, report.imported, report.updated, report.rejected) == (1, 0, 1, 0)
    clue.refresh_from_db()
    assert (Clue.objects.count(), clue.note, clue.org_handled, clue.version) == (1, "已核实", 3, 2)
    entry = AuditEntry.objects.filter(action="clue.ledger_update").get()
    assert entry.before["note"] == "" and entry.after["note"] == "已核实" and entry.actor is None


def test_a_clue_no_repeated_in_the_same_file_updates_the_first_row(world, tmp_path):
    rows = [ledger_row(), ledger_row(备注="第二次"), ledger_row(线索编号="XS-009")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert (report.read, report.imported, report.updated, report.rejected) == (3, 2, 1, 0)
    assert Clue.objects.get(clue_no="XS-001").note == "第二次"
    assert AuditEntry.objects.filter(action="clue.ledger_import").count() == 2
    assert AuditEntry.objects.filter(action="clue.ledger_update").count() == 1


def test_a_repeated_clue_no_is_found_across_batches(world, tmp_path):
    rows = [ledger_row(线索编号=f"B-{i}") for i in range(5)] + [ledger_row(线索编号="B-0", 备注="后改")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), batch_size=2, acting_user=None)
    assert (report.imported, report.updated) == (5, 1)
    assert Clue.objects.get(clue_no="B-0").note == "后改"


def test_a_rejected_update_leaves_the_clue_untouched(world, tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "a.xlsx", [ledger_row()]), acting_user=None)
    rows = [ledger_row(备注="改了", 办理状态="办理中", 办结日期="")]
    report = do_import_ledger(write_xlsx(tmp_path / "b.xlsx", rows), acting_user=None)
    assert report.rejected == 1
    assert "空单元格不会清除已有的值" in report.problems[0][2]  # the empty 办结日期 kept the date the state contradicts
    clue = Clue.objects.get()
    assert (clue.note, clue.closed_on, clue.version) == ("", d("2018-04-01"), 1)


def test_empty_clue_no_gets_a_generated_number(world, tmp_path):
    rows = [ledger_row(线索编号=""), ledger_row(线索编号="", 受理日期="2019-01-02")]
    do_import_ledger(write_xlsx(tmp_path / "a.xlsx", rows), acting_user=None)
    do_import_ledger(write_xlsx(tmp_path / "b.xlsx", [ledger_row(线索编号="")]), acting_user=None)
    assert sorted(Clue.objects.values_list("clue_no", flat=True)) == [
        "XS201800001", "XS201800002", "XS201900001"]


def test_unknown_columns_are_kept_as_notes(world, tmp_path):
    row = ledger_row(**{"督办情况": "县纪委督办", "  主要问题 ": "header with spaces"})
    row.pop("主要问题")
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", [row]), acting_user=None)
    assert report.rejected == 0
    clue = Clue.objects.get()
    assert clue.extra == {"督办情况": "县纪委督办"} and clue.summary == "header with spaces"


def test_gb18030_csv_is_detected(world, tmp_path):
    path = write_csv(tmp_path / "l.csv", [ledger_row(主要问题="优亲厚友，𠀀字测试"[:6])], encoding="gb18030")
    report = do_import_ledger(path, acting_user=None)
    assert (report.imported, report.rejected) == (1, 0)
    assert Clue.objects.get().summary == "优亲厚友，𠀀"


def test_utf8_csv_with_bom_and_english_headers(world, tmp_path):
    from qingfeng.clues.ledger import COLUMNS

    chinese = ledger_row()
    row = {c.canonical: chinese[c.zh] for c in COLUMNS}
    report = do_import_ledger(write_csv(tmp_path / "l.csv", [row], encoding="utf-8-sig"), acting_user=None)
    assert (report.imported, report.rejected) == (1, 0)
    assert Clue.objects.get().reporter.name == "赵六"


def test_a_title_row_above_the_header_keeps_spreadsheet_row_numbers(world, tmp_path):
    rows = [ledger_row(), ledger_row(线索编号="T-2", 受理日期="bad")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows, title_row="慈利县问题线索台账"), acting_user=None)
    assert report.problems == [(4, "受理日期", "无法识别的日期：bad")]


def test_anonymous_reporter_has_no_reporter_record(world, tmp_path):
    rows = [ledger_row(反映人="匿名", 反映人联系方式=""), ledger_row(线索编号="A-2", 反映人="", 反映人联系方式="")]
    do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert Reporter.objects.count() == 0
    assert list(Clue.objects.values_list("reporter", flat=True)) == [None, None]


def test_an_anonymous_reporter_who_left_a_contact_keeps_it_confidentially(world, tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "l.xlsx", [ledger_row(反映人="匿名", 反映人联系方式="13900000000")]), acting_user=None)
    reporter = Clue.objects.get().reporter
    assert (reporter.name, reporter.contact) == ("匿名", "13900000000")


def test_a_clue_without_township_is_owned_by_the_county(world, tmp_path):
    do_import_ledger(write_xlsx(tmp_path / "l.xlsx", [ledger_row(所属乡镇="", 所属村="")]), acting_user=None)
    clue = Clue.objects.get()
    assert (clue.township, clue.village, clue.owner) == (None, None, world.county)


def test_imports_are_audited_and_the_chain_verifies(world, tmp_path):
    rows = [ledger_row(线索编号=f"A-{i}") for i in range(3)]
    do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=world.erin)
    entries = list(AuditEntry.objects.filter(action="clue.ledger_import"))
    assert [e.actor for e in entries] == [world.erin] * 3
    assert "reporter" not in str(entries[0].after).replace("reporter_id", "")  # no identity in the trail
    assert "赵六" not in str(entries[0].after)
    assert verify().ok


def test_an_unreadable_file_is_a_clear_error(world, tmp_path):
    from qingfeng.clues.ledger import LedgerFileError

    path = tmp_path / "l.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(LedgerFileError, match="找不到台账表头"):
        do_import_ledger(path, acting_user=None)


def test_imported_rows_get_the_workflow_stage_of_their_ledger_state(world, tmp_path):
    from qingfeng.clues.ledger import do_import_ledger
    from qingfeng.clues.models import STAGE_STATE, Clue

    rows = [
        ledger_row(线索编号="S-1", 是否归档="是"),
        ledger_row(线索编号="S-2", 办理状态="办理中", 办结日期="", 是否反馈="否", 反馈日期=""),
        ledger_row(线索编号="S-3", 办理状态="待处置", 处置方式="", 办结日期="", 是否反馈="否", 反馈日期=""),
    ]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert report.rejected == 0, report.problems
    stages = {c.clue_no: c.stage for c in Clue.objects.filter(clue_no__in=["S-1", "S-2", "S-3"])}
    assert stages == {"S-1": "archived", "S-2": "handling", "S-3": "registered"}
    for clue in Clue.objects.all():
        assert STAGE_STATE[clue.stage] == clue.state


def test_a_reporter_given_and_taken_back_in_the_same_file_is_never_written(world, tmp_path):
    rows = [ledger_row(线索编号="R-1", 反映人联系方式=""), ledger_row(线索编号="R-1", 反映人="匿名", 反映人联系方式="")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert (report.imported, report.updated, report.rejected) == (1, 1, 0)
    assert Clue.objects.get(clue_no="R-1").reporter is None
    assert Reporter.objects.count() == 0


def test_a_rejected_row_never_touches_the_clue_an_earlier_row_of_the_file_made(world, tmp_path):
    rows = [ledger_row(线索编号="R-2"), ledger_row(线索编号="R-2", 备注="坏行", 是否立案="是"),
            ledger_row(线索编号="R-2", 备注="好行")]
    report = do_import_ledger(write_xlsx(tmp_path / "l.xlsx", rows), acting_user=None)
    assert (report.imported, report.updated, report.rejected) == (1, 1, 1)
    clue = Clue.objects.get(clue_no="R-2")
    assert (clue.note, clue.case_filed) == ("好行", False)
