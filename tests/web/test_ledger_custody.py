"""A ledger import on an existing clue: the reporter's identity is changed only by someone who may
see it, and an empty cell never erases what the clue holds."""

from decimal import Decimal

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.ledger import do_import_ledger
from qingfeng.clues.models import Clue

from .ledger_support import d, ledger_row, write_csv

URL = "/staff/reports/ledger/"


def _seed(tmp_path, **changes):
    report = do_import_ledger(write_csv(tmp_path / "seed.csv", [ledger_row(**changes)]), acting_user=None)
    assert report.imported == 1, report.problems
    return Clue.objects.get(clue_no="XS-001")


def _upload(client, tmp_path, rows):
    path = write_csv(tmp_path / "upload.csv", rows)
    with open(path, "rb") as f:
        response = client.post(URL, {"file": f})
    assert response.status_code == 200
    return response.content.decode()


def test_an_administrators_upload_never_changes_or_erases_a_reporter_they_may_not_see(world, tmp_path, login):
    _seed(tmp_path)
    page = _upload(login(world.admin), tmp_path, [ledger_row(反映人="李冒充", 反映人联系方式="", 备注="管理员导入")])
    clue = Clue.objects.select_related("reporter").get()
    assert (clue.reporter.name, clue.reporter.contact) == ("赵六", "13800000000")
    assert clue.note == "管理员导入"  # the rest of the row is imported
    assert "反映人未改动：1 行" in page


def test_a_reporter_the_importer_may_not_see_stays_even_when_the_row_says_anonymous(world, tmp_path):
    _seed(tmp_path)
    report = do_import_ledger(write_csv(tmp_path / "a.csv", [ledger_row(反映人="匿名", 反映人联系方式="")]),
                              acting_user=world.admin)
    clue = Clue.objects.select_related("reporter").get()
    assert (clue.reporter.name, clue.reporter.contact, report.reporters_kept) == ("赵六", "13800000000", 1)


def test_a_clue_the_same_import_created_takes_its_later_rows_reporter(world, tmp_path):
    rows = [ledger_row(线索编号="N-1"), ledger_row(线索编号="N-1", 反映人="赵六六")]
    report = do_import_ledger(write_csv(tmp_path / "a.csv", rows), acting_user=world.admin)
    assert (report.imported, report.updated, report.reporters_kept) == (1, 1, 0)
    assert Clue.objects.select_related("reporter").get().reporter.name == "赵六六"


def test_a_name_with_an_empty_contact_keeps_the_contact(world, tmp_path):
    _seed(tmp_path)
    do_import_ledger(write_csv(tmp_path / "a.csv", [ledger_row(反映人="赵六六", 反映人联系方式="")]),
                     acting_user=world.erin)
    clue = Clue.objects.select_related("reporter").get()
    assert (clue.reporter.name, clue.reporter.contact) == ("赵六六", "13800000000")


def test_an_intake_officer_may_correct_a_reporters_contact(world, tmp_path):
    _seed(tmp_path)
    do_import_ledger(write_csv(tmp_path / "a.csv", [ledger_row(反映人联系方式="13911112222")]), acting_user=world.erin)
    assert Clue.objects.select_related("reporter").get().reporter.contact == "13911112222"


EMPTIED = {
    "被反映人": "", "被反映人单位及职务": "", "所属乡镇": "", "所属村": "", "问题类别": "", "主要问题": "", "涉及金额": "",
    "是否重复件": "", "处置方式": "", "承办单位": "", "承办人": "", "办理时限": "", "办理状态": "", "办结日期": "",
    "党纪政务处分人数": "", "组织处理人数": "", "第一种形态人数": "", "追缴金额": "", "是否反馈": "", "反馈日期": "",
    "反映人": "", "反映人联系方式": "", "备注": "", "督办情况": "",
}


def test_an_empty_cell_never_erases_a_value_of_an_existing_clue(world, tmp_path):
    before = _seed(tmp_path, 备注="已核实", 督办情况="县纪委督办")
    report = do_import_ledger(write_csv(tmp_path / "a.csv", [ledger_row(**EMPTIED)]), acting_user=None)
    assert (report.updated, report.unchanged, report.rejected) == (1, 1, 0), report.problems
    clue = Clue.objects.select_related("reporter").get()
    assert (clue.subject, clue.summary, clue.category, clue.amount_involved) == ("钱七", "冒领低保金", "虚报冒领",
                                                                              Decimal("1200.50"))
    assert (clue.township, clue.village, clue.owner) == (world.t1, world.v1, world.t1)
    assert (clue.state, clue.closed_on, clue.fed_back, clue.feedback_on) == ("已办结", d("2018-04-01"), True,
                                                                          d("2018-04-03"))
    assert (clue.org_handled, clue.first_form, clue.recovered, clue.handler_name) == (1, 2, Decimal("1200.50"), "孙八")
    assert (clue.note, clue.extra, clue.reporter.name, clue.reporter.contact) == (
        "已核实", {"督办情况": "县纪委督办"}, "赵六", "13800000000")
    assert clue.version == before.version and not AuditEntry.objects.filter(action="clue.ledger_update").exists()


def test_an_empty_village_keeps_the_village_while_the_township_stays(world, tmp_path):
    _seed(tmp_path)
    do_import_ledger(write_csv(tmp_path / "a.csv", [ledger_row(所属村="", 备注="改")]), acting_user=None)
    clue = Clue.objects.get()
    assert (clue.township, clue.village, clue.note) == (world.t1, world.v1, "改")


def test_a_new_township_with_an_empty_village_drops_the_old_village(world, tmp_path):
    _seed(tmp_path)
    do_import_ledger(write_csv(tmp_path / "a.csv", [ledger_row(所属乡镇="东岳观镇", 所属村="")]), acting_user=None)
    clue = Clue.objects.get()
    assert (clue.township, clue.village, clue.owner) == (world.t2, None, world.t2)


def test_a_filled_cell_still_changes_the_value(world, tmp_path):
    _seed(tmp_path)
    rows = [ledger_row(是否反馈="否", 反馈日期="", 组织处理人数="0", 涉及金额="0", 被反映人="钱七七")]
    report = do_import_ledger(write_csv(tmp_path / "a.csv", rows), acting_user=None)
    clue = Clue.objects.get()
    assert report.rejected == 0, report.problems
    assert (clue.fed_back, clue.feedback_on, clue.org_handled, clue.amount_involved, clue.subject) == (
        False, d("2018-04-03"), 0, Decimal("0.00"), "钱七七")
