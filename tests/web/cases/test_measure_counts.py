"""Persons handled recorded on the clue page: the form follows the measure, the sanction's period
ends on the day shown, and the clue's six counts follow from the persons."""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases import actions
from qingfeng.cases.models import Measure
from qingfeng.clues.models import Clue
from tests.web.cases.conftest import measure_post


def _add(client, clue, **fields):
    clue.refresh_from_db()
    return client.post(f"/staff/cases/clues/{clue.id}/measures/new/", measure_post(clue.version, **fields))


def _counts(clue) -> tuple:
    clue = Clue.objects.get(id=clue.id)
    return (clue.persons_sanctioned, clue.org_handled, clue.first_form, clue.judicial, clue.recovered, clue.returned)


def test_a_sanction_is_recorded_with_its_derived_form(world, login, case_clue):
    clue = case_clue()
    response = _add(login(world.dave), clue, kind="党纪处分", measure="撤销党内职务")
    assert response.status_code == 302 and response.url == f"/staff/clues/{clue.id}/#outcomes"
    item = Measure.objects.get()
    assert (item.name, item.kind, item.measure, item.form, item.created_by) == (
        "王某", "党纪处分", "撤销党内职务", 3, world.dave)


def test_a_posted_form_is_ignored_the_measure_decides_it(world, login, case_clue):
    clue = case_clue()
    _add(login(world.dave), clue, kind="第一种形态", measure="谈话提醒", form="4")
    assert Measure.objects.get().form == 1


def test_a_measure_of_another_kind_is_refused(world, login, case_clue):
    clue = case_clue()
    response = _add(login(world.dave), clue, kind="政务处分", measure="严重警告")
    assert response.status_code == 200 and not Measure.objects.exists()
    assert "“政务处分”没有“严重警告”这一处理种类" in response.content.decode()


@pytest.mark.parametrize("months", ["", "6", "36"])
def test_probation_needs_12_or_24_months(world, login, case_clue, months):
    clue = case_clue()
    response = _add(login(world.dave), clue, measure="留党察看", probation_months=months)
    assert response.status_code == 200 and not Measure.objects.exists()


@pytest.mark.parametrize(("months", "ends"), [("12", "2025-03-10"), ("24", "2026-03-10")])
def test_probation_of_12_or_24_months_ends_after_it(world, login, case_clue, months, ends):
    clue = case_clue()
    client = login(world.dave)
    _add(client, clue, measure="留党察看", probation_months=months)
    assert Measure.objects.get().probation_months == int(months)
    page = client.get(f"/staff/clues/{clue.id}/").content.decode()
    assert f"影响期至 {ends}" in page and f"察看期{months}个月" in page


def test_the_clue_page_shows_when_each_sanction_stops_having_effect(world, login, case_clue):
    clue = case_clue(received_on=date(2018, 1, 10))
    client = login(world.dave)
    _add(client, clue, kind="党纪处分", measure="警告", decided_on="2018-03-15")
    _add(client, clue, kind="政务处分", measure="记过", decided_on="2018-03-15")
    _add(client, clue, name="李某", kind="组织处理", measure="调离岗位", decided_on="2018-03-15")
    page = client.get(f"/staff/clues/{clue.id}/").content.decode()
    assert page.count("影响期至 2019-03-15") == 2  # 党纪警告 12 months, 政务记过 12 months
    assert "无影响期" in page  # 组织处理
    assert "第二种" in page


def test_a_person_with_party_and_government_sanctions_counts_once(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    _add(client, clue, kind="党纪处分", measure="严重警告", recovered="1200.50", returned="800")
    _add(client, clue, kind="政务处分", measure="记大过", recovered="100")
    assert _counts(clue) == (1, 0, 0, 0, Decimal("1300.50"), Decimal("800.00"))


def test_a_sanction_and_organisational_handling_count_once_in_each(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    _add(client, clue, kind="党纪处分", measure="警告")
    _add(client, clue, kind="组织处理", measure="免职")
    _add(client, clue, name="张某", party_member="非中共党员", kind="第一种形态", measure="批评教育")
    _add(client, clue, name="赵某", party_member="非中共党员", kind="移送司法", measure="移送检察机关")
    assert _counts(clue)[:4] == (1, 1, 1, 1)


def test_every_change_of_persons_moves_the_clue_version_and_counts(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    version = clue.version
    _add(client, clue, recovered="300")
    item = Measure.objects.get()
    clue.refresh_from_db()
    assert clue.version == version + 1 and clue.recovered == Decimal("300.00")
    client.post(f"/staff/cases/measures/{item.id}/", measure_post(item.version, recovered="450"))
    assert _counts(clue)[4] == Decimal("450.00")
    item.refresh_from_db()
    client.post(f"/staff/cases/measures/{item.id}/remove/", {"version": item.version})
    assert not Measure.objects.exists()
    assert _counts(clue) == (0, 0, 0, 0, Decimal("0.00"), Decimal("0.00"))  # nothing is left to count


def test_changing_the_measure_changes_its_form(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    _add(client, clue)
    item = Measure.objects.get()
    client.post(f"/staff/cases/measures/{item.id}/", measure_post(item.version, measure="开除党籍"))
    item.refresh_from_db()
    assert (item.measure, item.form) == ("开除党籍", 3)


def test_the_same_measure_for_the_same_person_is_refused(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    _add(client, clue)
    response = _add(client, clue)
    assert Measure.objects.count() == 1
    assert "王某已有“党纪处分·警告”的记录" in response.content.decode()


def test_a_party_sanction_for_a_non_member_is_refused(world, login, case_clue):
    response = _add(login(world.dave), case_clue(), party_member="非中共党员")
    assert "党纪处分只适用于中共党员" in response.content.decode() and not Measure.objects.exists()


def test_each_change_of_persons_is_one_audit_entry_with_the_counts_it_moved(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    before = AuditEntry.objects.count()
    _add(client, clue, recovered="300")
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.object_id) == ("measure.add", str(clue.id))
    assert entry.after["counts"] == {"persons_sanctioned": 1, "recovered": "300.00"}
    item = Measure.objects.get()
    client.post(f"/staff/cases/measures/{item.id}/", measure_post(item.version, post="原青山村党支部书记"))
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.before["post"], entry.after["post"]) == ("measure.change", "青山村党支部书记",
                                                                          "原青山村党支部书记")
    item.refresh_from_db()
    client.post(f"/staff/cases/measures/{item.id}/remove/", {"version": item.version})
    assert AuditEntry.objects.latest("seq").action == "measure.remove"
    assert AuditEntry.objects.count() == before + 3


def test_a_stale_change_of_a_person_is_refused(world, login, case_clue):
    clue = case_clue()
    client = login(world.dave)
    _add(client, clue)
    item = Measure.objects.get()
    stale = item.version
    actions.do_change_measure(item.id, acting_user=world.carol, expected_version=stale, values={"post": "村主任"})
    response = client.post(f"/staff/cases/measures/{item.id}/", measure_post(stale, post="村会计"))
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    item.refresh_from_db()
    assert item.post == "村主任"


def test_adding_a_person_on_a_stale_clue_page_is_refused(world, login, case_clue):
    clue = case_clue()
    stale = clue.version
    actions.do_add_measure(clue.id, acting_user=world.carol, expected_version=stale, name="李某",
                           kind="组织处理", measure="免职", decided_on=date(2024, 3, 10))
    response = login(world.dave).post(f"/staff/cases/clues/{clue.id}/measures/new/", measure_post(stale))
    assert "已被他人修改" in response.content.decode()
    assert list(Measure.objects.values_list("name", flat=True)) == ["李某"]


def test_recording_the_result_takes_the_counts_from_the_persons(world, login, case_clue):
    clue = case_clue()
    _add(login(world.dave), clue, recovered="300")
    clue.refresh_from_db()
    response = login(world.dave).post(f"/staff/clues/{clue.id}/do/record_result/", {
        "version": clue.version, "result": "已处分", "persons_sanctioned": "5", "org_handled": "0", "first_form": "0",
        "judicial": "0", "recovered": "0", "returned": "0"})
    assert response.status_code == 302
    assert _counts(clue) == (1, 0, 0, 0, Decimal("300.00"), Decimal("0.00"))


def test_a_decision_before_the_clue_was_received_is_refused(world, login, case_clue):
    response = _add(login(world.dave), case_clue(), decided_on="2018-03-15")
    assert "决定日期不能早于线索受理日期（2024-02-01）" in response.content.decode()
    assert not Measure.objects.exists()
