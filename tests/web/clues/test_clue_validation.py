"""One set of checks for every way a clue comes in (qingfeng.clues.validation): the same bad
values are refused by the intake form, the API, the ledger import and the cross-check
adapter — each naming the field, none storing anything."""

from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.ledger import do_import_ledger
from qingfeng.clues.models import Clue, Reporter
from qingfeng.crosscheck.hits_to_clues import HitRefused, record_hits
from qingfeng.crosscheck.locate import HitFacts
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.engine.hits import Hit
from qingfeng.engine.rulebook import Rulebook
from qingfeng.jobs.models import Job

from ..ledger_support import ledger_row, write_csv

GOOD = {
    "received_on": "2024-06-03", "source": "信访举报", "channel": "来信", "reporter_name": "张三",
    "reporter_contact": "13900001111", "subject": "王某", "subject_post": "青山村 村主任", "category": "虚报冒领",
    "summary": "冒领低保金", "amount_involved": "1200.50",
}
LEDGER_COLUMN = {
    "received_on": "受理日期", "channel": "反映方式", "reporter_name": "反映人", "subject": "被反映人",
    "category": "问题类别", "summary": "主要问题", "amount_involved": "涉及金额",
}
# (case, field, value); where the cross-check adapter can carry the value, how a hit carries it.
CASES = [
    ("an amount of 1e20", "amount_involved", "1e20", {"amount": Decimal("1e20")}),
    ("a negative amount", "amount_involved", "-5", {"amount": Decimal("-5")}),
    ("a 5,000-character subject", "subject", "王" * 5000, None),
    ("an unknown category", "category", "贪污受贿", None),
    ("an unknown channel", "channel", "微信", None),
    ("a 受理日期 in 2999", "received_on", "2999-01-01", None),
    ("a 受理日期 in 1900", "received_on", "1900-01-01", None),
    ("a control character in the reporter's name", "reporter_name", "张\u0001三", None),
    ("a control character in the subject", "subject", "王\x1b某", {"name": "王\x1b某"}),
    ("a NUL in the subject", "subject", "王\x00某", {"name": "王\x00某"}),
    ("a NUL in the summary", "summary", "冒领\x00低保金", None),
    ("an empty summary", "summary", "", None),
]
PATHS = ("form", "api", "ledger", "crosscheck")
PARAMS = [pytest.param(path, field, value, hit, id=f"{path}: {case}")
          for case, field, value, hit in CASES for path in PATHS if path != "crosscheck" or hit is not None]


def _form(world, login, field, value):
    data = {**GOOD, "township": world.t1.code, field: value}
    response = login(world.erin).post("/staff/clues/new/", data)
    assert response.status_code == 200  # the form again, not a redirect to a new clue
    errors = response.context["form"].errors
    assert field in errors, errors
    return errors[field]


def _api(world, login, field, value):
    payload = {**GOOD, "township": world.t1.code, field: value}
    response = login(world.erin).post("/api/clues", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors, errors
    return errors[field]


def _ledger(world, tmp_path, field, value):
    row = ledger_row(**{LEDGER_COLUMN[field]: value})
    report = do_import_ledger(write_csv(tmp_path / "l.csv", [row]), acting_user=None)
    assert (report.read, report.imported, report.updated, report.rejected) == (1, 0, 0, 1)
    columns = [column for _row, column, _reason in report.problems]
    assert LEDGER_COLUMN[field] in columns, report.problems
    return report.problems


def _crosscheck(world, field, hit_values):
    job = Job.objects.create(kind="crosscheck", params={})
    run = CrosscheckRun.objects.create(job=job, bundle_dir="/nowhere", origin="command", engine_run_id="t")
    hit = Hit(rule="R03", id_number="430821198001010012", household_id="H-T1-001", name=hit_values.get("name", "王某"),
              payment_id="P1", account=None, score=1.0, evidence={}, key="R03:P1")
    facts = {hit.key: HitFacts(world.v1.code, hit_values.get("amount", Decimal("300.00")))}
    with pytest.raises(HitRefused) as refused:
        record_hits(run, [hit], facts, Rulebook.load())
    assert [key for key, _errors in refused.value.refused] == ["R03:P1"]
    errors = refused.value.refused[0][1]
    assert field in errors, errors
    assert "R03:P1" in str(refused.value)
    return errors[field]


@pytest.mark.parametrize("path, field, value, hit", PARAMS)
def test_every_way_in_refuses_the_same_bad_value_naming_the_field_and_storing_nothing(
        world, login, tmp_path, path, field, value, hit):
    if path == "form":
        _form(world, login, field, value)
    elif path == "api":
        _api(world, login, field, value)
    elif path == "ledger":
        _ledger(world, tmp_path, field, value)
    else:
        _crosscheck(world, field, hit)
    assert not Clue.objects.exists() and not Reporter.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["clue.create", "clue.ledger_import"]).exists()


def test_the_same_good_values_pass_every_way_in(world, login, tmp_path):
    form = login(world.erin).post("/staff/clues/new/", {**GOOD, "township": world.t1.code})
    assert form.status_code == 302
    api = login(world.erin).post("/api/clues", {**GOOD, "township": world.t1.code}, content_type="application/json")
    assert api.status_code == 201
    row = ledger_row(**{LEDGER_COLUMN[name]: value for name, value in GOOD.items() if name in LEDGER_COLUMN})
    report = do_import_ledger(write_csv(tmp_path / "l.csv", [row]), acting_user=None)
    assert (report.imported, report.rejected) == (1, 0), report.problems
    assert set(Clue.objects.values_list("amount_involved", flat=True)) == {Decimal("1200.50")}


def test_the_api_refusal_of_1e20_says_what_range_an_amount_has(world, login):
    message = _api(world, login, "amount_involved", "1e20")[0]
    assert "涉及金额超出范围" in message and "12" in message


def test_an_amount_with_more_than_two_decimals_is_refused_by_the_api(world, login):
    assert "小数最多 2 位" in _api(world, login, "amount_involved", "1.005")[0]


def test_a_nul_in_a_place_code_is_refused_by_the_api_not_looked_up(world, login):
    response = login(world.erin).post("/api/clues", {**GOOD, "township": "430821\x00"},
                                      content_type="application/json")
    assert response.status_code == 400 and "township" in response.json()["errors"]


def test_a_huge_recovered_amount_or_count_is_refused_by_the_result_transition(world, login, make_clue, advance):
    clue = advance(make_clue(), until="assign")
    for field, value in (("recovered", "1e20"), ("persons_sanctioned", 2 ** 40), ("filed_on", "2999-01-01")):
        response = login(world.dave).post(f"/api/clues/{clue.id}/transitions/record_result", {
            "version": clue.version, "result": "查实", "case_filed": True, "filed_on": "2024-03-01", field: value,
        }, content_type="application/json")
        assert response.status_code == 400 and field in response.json()["errors"], (field, response.content)
    clue.refresh_from_db()
    assert (clue.result, clue.recovered, clue.persons_sanctioned) == ("", Decimal("0"), 0)


def test_a_control_character_in_an_unknown_ledger_column_rejects_the_row(world, tmp_path):
    row = ledger_row(督办情况="县纪委\x07督办")
    report = do_import_ledger(write_csv(tmp_path / "l.csv", [row]), acting_user=None)
    assert report.rejected == 1 and report.problems[0][1] == "督办情况" and "U+0007" in report.problems[0][2]
    assert not Clue.objects.exists()


def test_a_ledger_header_with_a_control_character_refuses_the_file_naming_row_and_column(world, tmp_path):
    from qingfeng.clues.ledger import COLUMNS, LedgerFileError

    headers = [c.zh for c in COLUMNS] + ["督办\x01情况"]
    row = ledger_row(**{"督办\x01情况": "县纪委督办"})
    with pytest.raises(LedgerFileError) as refused:
        do_import_ledger(write_csv(tmp_path / "l.csv", [row], headers=headers), acting_user=None)
    # The first column after the 33 of the contract: AH.
    assert len(COLUMNS) == 33 and "第 1 行第 AH 列" in str(refused.value) and "U+0001" in str(refused.value)
    assert not Clue.objects.exists()


def test_tabs_and_line_breaks_stay_allowed_in_a_summary(world, login):
    response = login(world.erin).post("/api/clues", {**GOOD, "township": world.t1.code,
                                                     "summary": "一、冒领低保金\r\n二、\t优亲厚友"},
                                      content_type="application/json")
    assert response.status_code == 201
    assert Clue.objects.get().summary == "一、冒领低保金\r\n二、\t优亲厚友"


def test_a_line_break_in_a_reporters_name_is_refused(world, login):
    assert "U+000A" in _api(world, login, "reporter_name", "张\n三")[0]


def test_a_nul_in_a_list_filter_is_a_clear_400_instead_of_failing(world, login, make_clue):
    make_clue()
    client = login(world.erin)
    for name in ("q", "township", "state"):
        assert client.get("/api/clues", {name: "王\x00"}).status_code == 400
        page = client.get("/staff/clues/", {name: "王\x00"})
        assert page.status_code == 400 and "控制字符" in page.content.decode()
    assert client.get("/api/clues", {"q": "王"}).json()["count"] == 1
