"""The ledger workbook's 处理人员 sheet (ledger.md §4): one row per measure against one person,
the clue's counts following from its persons."""

from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.models import Measure
from qingfeng.clues.ledger import LedgerFileError, do_import_ledger
from qingfeng.clues.models import Clue
from qingfeng.core import isolation

from .ledger_support import d, ledger_row, person_row, write_workbook

NO_COUNTS = {"党纪政务处分人数": "0", "组织处理人数": "0", "第一种形态人数": "0", "移送司法人数": "0", "追缴金额": "0",
             "退还群众金额": "0"}


def _ledger(**values):
    return ledger_row(**{**NO_COUNTS, **values})


def _import(tmp_path, persons, ledger=None, name="w.xlsx", **kwargs):
    path = write_workbook(tmp_path / name, ledger if ledger is not None else [_ledger()], persons, **kwargs)
    return do_import_ledger(path, acting_user=None)


def test_person_rows_become_measures_with_their_form_derived_from_the_measure(world, tmp_path):
    report = _import(tmp_path, [
        person_row(),
        person_row(姓名="孙八", 职级="一般干部", 政治面貌="非中共党员", 处理类别="政务处分", 处理种类="撤职", 四种形态="第三种",
                   追缴金额="1,200.50", 退还群众金额="300", 决定日期="2018/4/2"),
    ])
    assert (report.persons.read, report.persons.imported, report.persons.updated, report.persons.rejected) == (2, 2, 0, 0)
    first = Measure.objects.get(name="钱七")
    assert (first.clue.clue_no, first.kind, first.measure, first.form) == ("XS-001", "党纪处分", "警告", 2)
    assert (first.rank, first.party_member, first.post, first.decided_on) == ("村(社区)干部", "中共党员", "青山村 村主任",
                                                                              d("2018-04-01"))
    second = Measure.objects.get(name="孙八")
    assert (second.form, second.recovered, second.returned) == (3, Decimal("1200.50"), Decimal("300.00"))
    assert second.decided_on == d("2018-04-02")
    assert AuditEntry.objects.filter(action="measure.ledger_import").count() == 2


PERSON_REJECTIONS = [
    ({"线索编号": "XS-404"}, "线索编号", "未知的线索编号：XS-404（台账表和平台上都没有这条线索）"),
    ({"线索编号": ""}, "线索编号", "线索编号不能为空"),
    ({"姓名": ""}, "姓名", "姓名不能为空"),
    ({"处理类别": "行政处罚"}, "处理类别", "未知的处理类别：行政处罚"),
    ({"处理类别": ""}, "处理类别", "处理类别不能为空"),
    ({"处理种类": "记过"}, "处理种类", "处理类别为党纪处分时，处理种类应为 警告、严重警告、撤销党内职务、留党察看、开除党籍 之一，而不是：记过"),
    ({"处理种类": ""}, "处理种类", "处理种类不能为空"),
    ({"四种形态": "第三种"}, "四种形态", "填写的是第三种形态，但党纪处分“警告”属于第二种形态"),
    ({"四种形态": "第五种"}, "四种形态", "未知的四种形态：第五种"),
    ({"职级": "厅局级"}, "职级", "未知的职级：厅局级"),
    ({"政治面貌": "群众"}, "政治面貌", "未知的政治面貌：群众"),
    ({"决定日期": "2018-02-30"}, "决定日期", "无法识别的日期：2018-02-30"),
    ({"决定日期": "1980-01-01"}, "决定日期", "决定日期不能早于 1990-01-01"),
    ({"追缴金额": "一千元"}, "追缴金额", "无法识别的金额：一千元"),
    ({"退还群众金额": "-5"}, "退还群众金额", "退还群众金额不能为负数"),
    ({"姓名": "钱\x7f七"}, "姓名", "含有不可见的控制字符"),
]


@pytest.mark.parametrize("change, column, reason", PERSON_REJECTIONS, ids=[r[2][:30] for r in PERSON_REJECTIONS])
def test_a_person_row_breaking_a_rule_is_rejected_with_row_column_and_reason(world, tmp_path, change, column, reason):
    report = _import(tmp_path, [person_row(姓名="甲"), person_row(**change)])
    assert (report.persons.read, report.persons.imported, report.persons.rejected) == (2, 1, 1)
    assert [(row, col) for row, col, _r in report.persons.problems] == [(3, column)]
    assert reason in report.persons.problems[0][2]
    assert list(Measure.objects.values_list("name", flat=True)) == ["甲"]
    assert any(line.startswith("工作表“处理人员”第 3 行，" + column) for line in report.lines())


def test_a_person_of_a_clue_whose_ledger_row_was_rejected_is_rejected_saying_so(world, tmp_path):
    report = _import(tmp_path, [person_row()], ledger=[_ledger(受理日期="昨天")])
    assert report.rejected == 1 and report.persons.rejected == 1
    assert "在台账表中的行被拒绝，平台上也没有这条线索" in report.persons.problems[0][2]


def test_a_person_may_name_a_clue_already_on_the_platform(world, tmp_path):
    _import(tmp_path, None, name="first.xlsx")
    report = _import(tmp_path, [person_row()], ledger=[], name="second.xlsx")
    assert (report.read, report.persons.imported) == (0, 1)
    assert Clue.objects.get(clue_no="XS-001").persons_sanctioned == 1


def test_a_disagreeing_first_sheet_count_is_reported_and_the_persons_win(world, tmp_path):
    report = _import(tmp_path, [person_row(追缴金额="500")],
                     ledger=[_ledger(党纪政务处分人数="3", 追缴金额="1200.50", 组织处理人数="")])
    assert (report.read, report.imported, report.rejected) == (1, 1, 0)  # imported all the same
    problems = {column: reason for row, column, reason in report.problems if row == 2}
    assert "填写的是 3，按“处理人员”表计算为 1，以处理人员为准" in problems["党纪政务处分人数"]
    assert "填写的是 1200.50，按“处理人员”表计算为 500.00" in problems["追缴金额"]
    assert "组织处理人数" not in problems  # left empty: nothing given to disagree with
    clue = Clue.objects.get(clue_no="XS-001")
    assert (clue.persons_sanctioned, clue.recovered, clue.org_handled) == (1, Decimal("500.00"), 0)
    assert "第 2 行，党纪政务处分人数：填写的是 3，按“处理人员”表计算为 1，以处理人员为准" in report.lines()


def test_a_person_given_a_party_and_a_government_sanction_counts_once(world, tmp_path):
    _import(tmp_path, [person_row(), person_row(处理类别="政务处分", 处理种类="记过"),
                       person_row(姓名="孙八", 处理类别="政务处分", 处理种类="警告")],
            ledger=[_ledger(党纪政务处分人数="2")])
    assert Clue.objects.get(clue_no="XS-001").persons_sanctioned == 2


def test_the_same_person_sanctioned_and_handled_organisationally_counts_once_in_each(world, tmp_path):
    report = _import(tmp_path, [person_row(), person_row(处理类别="组织处理", 处理种类="免职"),
                                person_row(处理类别="第一种形态", 处理种类="诫勉"),
                                person_row(姓名="孙八", 处理类别="移送司法", 处理种类="移送检察机关", 四种形态="第四种")],
                     ledger=[_ledger(党纪政务处分人数="1", 组织处理人数="1", 第一种形态人数="1", 移送司法人数="1")])
    clue = Clue.objects.get(clue_no="XS-001")
    assert (clue.persons_sanctioned, clue.org_handled, clue.first_form, clue.judicial) == (1, 1, 1, 1)
    assert report.problems == []  # the sheet agreed with its persons


def test_reimporting_the_workbook_duplicates_nothing_and_changes_nothing(world, tmp_path):
    persons = [person_row(), person_row(姓名="孙八", 处理类别="组织处理", 处理种类="调离岗位", 追缴金额="80")]
    ledger = [_ledger(党纪政务处分人数="5")]  # disagrees: the persons win, the first time and every time
    _import(tmp_path, persons, ledger=ledger)
    versions = dict(Clue.objects.values_list("clue_no", "version"))
    measures = list(Measure.objects.values_list("id", "version").order_by("id"))
    audit = AuditEntry.objects.count()

    again = _import(tmp_path, persons, ledger=ledger, name="again.xlsx")
    assert (again.persons.read, again.persons.imported, again.persons.updated, again.persons.unchanged) == (2, 0, 2, 2)
    assert (again.updated, again.unchanged) == (1, 1)
    assert list(Measure.objects.values_list("id", "version").order_by("id")) == measures
    assert dict(Clue.objects.values_list("clue_no", "version")) == versions
    assert AuditEntry.objects.count() == audit  # nothing changed, nothing recorded


def test_a_changed_person_row_updates_its_measure_and_the_clue_counts(world, tmp_path):
    _import(tmp_path, [person_row(追缴金额="100")], ledger=[_ledger(党纪政务处分人数="1", 追缴金额="100")])
    report = _import(tmp_path, [person_row(追缴金额="250", 单位及职务="")], ledger=[], name="two.xlsx")
    assert (report.persons.updated, report.persons.unchanged) == (1, 0)
    measure = Measure.objects.get()
    assert (measure.recovered, measure.post, measure.version) == (Decimal("250.00"), "青山村 村主任", 2)  # empty keeps
    assert Clue.objects.get(clue_no="XS-001").recovered == Decimal("250.00")
    entry = AuditEntry.objects.get(action="measure.ledger_update")
    assert (entry.before["recovered"], entry.after["recovered"]) == ("100.00", "250.00")
    # On the clue, like the outcome actions' entries, with the measure it concerns.
    assert (entry.object_type, entry.object_id, entry.after["id"]) == ("clues.clue", str(measure.clue_id), measure.id)
    counts = AuditEntry.objects.filter(action="clue.ledger_counts").latest("id")
    assert counts.after == {"recovered": "250.00", "clue_no": "XS-001"}


def test_every_sheet_adds_up_rows_read_to_imported_updated_and_rejected(world, tmp_path):
    _import(tmp_path, [person_row()], name="first.xlsx")
    report = _import(tmp_path, [person_row(), person_row(姓名="乙"), person_row(姓名="乙"), person_row(处理类别="?"),
                                person_row(线索编号="NONE")], ledger=[_ledger(), _ledger(线索编号="XS-009")])
    sheet = report.persons
    assert (sheet.read, sheet.imported, sheet.updated, sheet.rejected) == (5, 1, 2, 2)
    assert sheet.read == sheet.imported + sheet.updated + sheet.rejected
    assert report.read == report.imported + report.updated + report.rejected == 2
    assert "工作表“处理人员”：读取行数 5，新增 1，更新 2（其中无变化 2），拒绝 2" in report.lines()
    assert Measure.objects.filter(name="乙").count() == 1


def test_unknown_person_columns_are_kept_on_the_measure(world, tmp_path):
    headers = [" 姓名 ", "线索编号", "处理类别", "处理种类", "处分文号"]
    _import(tmp_path, [{"姓名": "钱七", "线索编号": "XS-001", "处理类别": "党纪处分", "处理种类": "警告", "处分文号": "慈纪发〔2018〕3号"}],
            person_headers=headers)
    assert Measure.objects.get().extra == {"处分文号": "慈纪发〔2018〕3号"}


def test_sheet_names_are_matched_trimmed_and_in_any_position(world, tmp_path):
    report = _import(tmp_path, [person_row()], sheet_names=(" 处理人员 ", "问责"))
    assert report.persons.imported == 1


def test_a_csv_ledger_has_no_other_sheets(world, tmp_path):
    from .ledger_support import write_csv

    report = do_import_ledger(write_csv(tmp_path / "l.csv", [_ledger()]), acting_user=None)
    assert (report.imported, report.persons, report.accountability, report.sheets) == (1, None, None, [])


def _huge_persons_sheet(path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(list(ledger_row()))
    workbook.active.append(list(ledger_row().values()))
    persons = workbook.create_sheet("处理人员")
    persons.append(list(person_row()))
    persons["XFD1048576"] = "x"  # one far cell: calamine would allocate 16,384 × 1,048,576 cells
    workbook.save(path)
    return path


def test_a_huge_persons_sheet_is_refused_with_a_message_naming_the_file_and_the_sheet(world, tmp_path):
    path = _huge_persons_sheet(tmp_path / "huge.xlsx")
    with pytest.raises(LedgerFileError) as error:
        do_import_ledger(path, acting_user=None)
    assert str(error.value).startswith("huge.xlsx 工作表“处理人员”：表格过")
    assert "XFD1048576" in str(error.value)
    assert not Clue.objects.exists()  # nothing of the file is imported


def test_the_sheets_of_a_workbook_share_the_cell_limit(world, tmp_path, settings):
    from qingfeng.engine.bounds import Limits

    persons = [person_row(姓名=f"人{i}") for i in range(40)]
    path = write_workbook(tmp_path / "w.xlsx", [_ledger()], persons)
    settings.IMPORT_LIMITS = Limits(cells=33 * 2 + 11 * 40)  # the ledger fits, the persons after it do not
    with pytest.raises(LedgerFileError, match="w.xlsx 工作表“处理人员”：表格过大"):
        do_import_ledger(path, acting_user=None)
    settings.IMPORT_LIMITS = Limits(cells=33 * 2 + 11 * 41)
    assert do_import_ledger(path, acting_user=None).persons.imported == 40


def test_the_named_sheets_are_read_in_the_isolated_child_too(world, tmp_path):
    path = write_workbook(tmp_path / "w.xlsx", [_ledger()], [person_row()])
    report = do_import_ledger(path, acting_user=None, limits=isolation.upload_limits())
    assert (report.imported, report.persons.imported) == (1, 1)


def test_a_huge_persons_sheet_is_refused_in_the_isolated_child_as_well(world, tmp_path):
    path = _huge_persons_sheet(tmp_path / "huge.xlsx")
    with pytest.raises(LedgerFileError, match="huge.xlsx 工作表“处理人员”"):
        do_import_ledger(path, acting_user=None, limits=isolation.upload_limits())


def test_a_database_refusal_rejects_only_that_clues_persons_and_never_half_of_them(world, tmp_path, monkeypatch):
    from django.db import IntegrityError

    from qingfeng.clues.ledger import persons as persons_module

    real_insert = persons_module.bulk.insert

    def refusing(model, objs):
        if any(getattr(o, "name", "") == "坏" for o in objs):
            raise IntegrityError("refused")
        return real_insert(model, objs)

    monkeypatch.setattr(persons_module.bulk, "insert", refusing)
    report = _import(tmp_path, [person_row(), person_row(线索编号="XS-002", 姓名="好"),
                                person_row(线索编号="XS-002", 姓名="坏", 处理类别="组织处理", 处理种类="免职")],
                     ledger=[_ledger(), _ledger(线索编号="XS-002")])
    assert (report.persons.imported, report.persons.rejected) == (1, 2)
    assert {row for row, _c, _r in report.persons.problems} == {3, 4}
    assert list(Measure.objects.values_list("name", flat=True)) == ["钱七"]
    other = Clue.objects.get(clue_no="XS-002")
    assert (other.persons_sanctioned, other.org_handled) == (0, 0)  # what its ledger row said, with no persons
    restored = AuditEntry.objects.get(action="clue.ledger_counts")
    assert restored.after == {"persons_sanctioned": 0, "org_handled": 0, "clue_no": "XS-002"}


def test_a_crash_while_writing_persons_leaves_none_of_them_written(world, tmp_path, monkeypatch):
    from qingfeng.clues.ledger import persons as persons_module

    def crash(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(persons_module, "_apply_counts", crash)
    with pytest.raises(RuntimeError):
        _import(tmp_path, [person_row(), person_row(姓名="孙八")])
    assert not Measure.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="measure.").exists()


def test_the_ledger_command_prints_each_sheets_accounting(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = write_workbook(tmp_path / "w.xlsx", [_ledger()], [person_row(), person_row(处理类别="?")])
    out = StringIO()
    call_command("ledger", "import", str(path), stdout=out)
    text = out.getvalue()
    assert "工作表“处理人员”：读取行数 2，新增 1，更新 0（其中无变化 0），拒绝 1" in text
    assert "工作表“处理人员”第 3 行，处理类别：未知的处理类别：?" in text


def test_the_upload_page_shows_each_sheets_accounting_and_problems(world, tmp_path, login):
    path = write_workbook(tmp_path / "w.xlsx", [_ledger()], [person_row(), person_row(职级="厅局级")])
    with open(path, "rb") as f:
        response = login(world.erin).post("/staff/reports/ledger/", {"file": f})
    page = response.content.decode()
    assert response.status_code == 200
    assert "工作表“处理人员”" in page and 'id="import-report-1"' in page
    assert "未知的职级：厅局级" in page


def test_imported_persons_and_their_changes_show_in_the_clues_history(world, tmp_path, login):
    _import(tmp_path, [person_row(追缴金额="100")], ledger=[_ledger(党纪政务处分人数="1", 追缴金额="100")])
    _import(tmp_path, [person_row(追缴金额="250")], ledger=[], name="two.xlsx")
    clue = Clue.objects.get(clue_no="XS-001")
    page = login(world.frank).get(f"/staff/clues/{clue.id}/").content.decode()
    assert "台账导入处理人员" in page and "台账导入更新处理人员" in page and "钱七 · 党纪处分 · 警告" in page
    assert "100.00" in page and "250.00" in page  # the old value beside the new one
