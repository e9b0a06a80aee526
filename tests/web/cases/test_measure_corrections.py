"""Outcomes after close-out change only as a correction: with a reason, audited, the old values in the history."""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases import actions
from qingfeng.cases.models import Measure
from qingfeng.clues.models import Clue
from tests.web.cases.conftest import measure_post


def _correct(client, clue, **fields):
    clue.refresh_from_db()
    data = {"version": clue.version, "result": clue.result, "filed_on": "", "persons_sanctioned": clue.persons_sanctioned,
            "org_handled": clue.org_handled, "first_form": clue.first_form, "judicial": clue.judicial,
            "recovered": clue.recovered, "returned": clue.returned, "reason": ""}
    return client.post(f"/staff/cases/clues/{clue.id}/correct/", data | fields)


def test_a_closed_clues_counts_are_corrected_with_a_reason_and_the_history_shows_the_old_ones(world, login, closed_clue):
    clue = closed_clue()
    client = login(world.carol)
    response = _correct(client, clue, persons_sanctioned="2", recovered="750", reason="复核发现漏记一人")
    assert response.status_code == 302
    clue.refresh_from_db()
    assert (clue.persons_sanctioned, clue.recovered) == (2, Decimal("750.00"))
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.before, entry.after["reason"]) == (
        "outcome.correct", {"persons_sanctioned": 1, "recovered": "500.00"}, "复核发现漏记一人")
    page = client.get(f"/staff/clues/{clue.id}/").content.decode()
    assert "更正处理结果" in page and "复核发现漏记一人" in page
    assert "党纪政务处分人数：1 → 2" in page and "追缴金额：500.00 → 750.00" in page


def test_a_correction_without_a_reason_is_refused(world, login, closed_clue):
    clue = closed_clue()
    response = _correct(login(world.carol), clue, persons_sanctioned="2")
    assert response.status_code == 200
    clue.refresh_from_db()
    assert clue.persons_sanctioned == 1
    with pytest.raises(Exception, match="请说明更正理由"):
        actions.do_correct_outcomes(clue.id, acting_user=world.carol, expected_version=clue.version, reason=" ",
                                    values={"persons_sanctioned": 2})


def test_a_correction_that_changes_nothing_is_refused(world, closed_clue):
    clue = closed_clue()
    with pytest.raises(Exception, match="没有需要更正的内容"):
        actions.do_correct_outcomes(clue.id, acting_user=world.carol, expected_version=clue.version, reason="核对",
                                    values={"persons_sanctioned": 1})


def test_a_clue_still_being_handled_needs_no_correction(world, case_clue):
    clue = case_clue()
    with pytest.raises(Exception, match="尚未录入办理结果"):
        actions.do_correct_outcomes(clue.id, acting_user=world.carol, expected_version=clue.version, reason="x",
                                    values={"persons_sanctioned": 3})


def test_a_stale_correction_is_a_conflict(world, login, closed_clue):
    clue = closed_clue()
    stale = clue.version
    actions.do_correct_outcomes(clue.id, acting_user=world.frank, expected_version=stale, reason="复核",
                                values={"judicial": 1})
    response = login(world.carol).post(f"/staff/cases/clues/{clue.id}/correct/", {
        "version": stale, "result": "属实", "persons_sanctioned": 3, "org_handled": 0, "first_form": 0, "judicial": 1,
        "recovered": 500, "returned": 0, "reason": "再复核"})
    assert "已被他人修改" in response.content.decode()
    assert Clue.objects.get(id=clue.id).persons_sanctioned == 1


def test_a_person_cannot_be_added_to_a_closed_clue_without_a_reason(world, login, closed_clue):
    clue = closed_clue()
    client = login(world.carol)
    response = client.post(f"/staff/cases/clues/{clue.id}/measures/new/", measure_post(clue.version))
    assert response.status_code == 200 and not Measure.objects.exists()
    with pytest.raises(Exception, match="处理人员只能更正"):
        actions.do_add_measure(clue.id, acting_user=world.carol, expected_version=clue.version, name="王某",
                               kind="党纪处分", measure="警告", decided_on=date(2024, 3, 10))


def test_a_person_added_to_a_closed_clue_as_a_correction_recounts_it(world, login, closed_clue):
    clue = closed_clue()  # counts typed in: 1 sanctioned, 500 recovered
    client = login(world.carol)
    response = client.post(f"/staff/cases/clues/{clue.id}/measures/new/", measure_post(
        clue.version, recovered="300", reason="补录处理人员"))
    assert response.status_code == 302
    clue.refresh_from_db()
    assert (clue.persons_sanctioned, clue.recovered) == (1, Decimal("300.00"))
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.after["reason"], entry.after["correction"]) == ("measure.add", "补录处理人员", True)
    assert entry.before == {"counts": {"recovered": "500.00"}}
    page = client.get(f"/staff/clues/{clue.id}/").content.decode()
    assert "补录处理人员" in page and "录入处理人员" in page


def test_a_changed_person_on_a_closed_clue_shows_the_old_value_in_the_history(world, login, closed_clue):
    clue = closed_clue()
    item = actions.do_add_measure(clue.id, acting_user=world.carol, expected_version=clue.version, name="王某",
                                  kind="党纪处分", measure="警告", decided_on=date(2024, 3, 10), reason="补录")
    client = login(world.carol)
    client.post(f"/staff/cases/measures/{item.id}/", measure_post(item.version, measure="严重警告"))
    assert Measure.objects.get().measure == "警告"  # no reason: refused
    client.post(f"/staff/cases/measures/{item.id}/", measure_post(item.version, measure="严重警告",
                                                                  reason="处分决定书为严重警告"))
    assert Measure.objects.get().measure == "严重警告"
    page = client.get(f"/staff/clues/{clue.id}/").content.decode()
    assert "处理种类：警告 → 严重警告" in page and "处分决定书为严重警告" in page


def test_with_persons_the_counts_follow_from_them_not_from_a_correction(world, login, closed_clue):
    clue = closed_clue()
    actions.do_add_measure(clue.id, acting_user=world.carol, expected_version=clue.version, name="王某",
                           kind="党纪处分", measure="警告", decided_on=date(2024, 3, 10), reason="补录")
    clue.refresh_from_db()
    with pytest.raises(Exception, match="党纪政务处分人数由处理人员得出"):
        actions.do_correct_outcomes(clue.id, acting_user=world.carol, expected_version=clue.version, reason="复核",
                                    values={"persons_sanctioned": 4})
    # The page's count fields are locked; the result itself can still be corrected.
    response = _correct(login(world.carol), clue, persons_sanctioned="4", result="属实，已给予警告处分", reason="复核")
    assert response.status_code == 302
    clue.refresh_from_db()
    assert (clue.persons_sanctioned, clue.result) == (1, "属实，已给予警告处分")


def test_a_filed_case_keeps_its_clue_filed(world, closed_clue):
    clue = closed_clue(case_filed=True, filed_on=date(2024, 3, 1))
    actions.do_file_case(clue.id, acting_user=world.carol, expected_version=clue.version)
    clue.refresh_from_db()
    with pytest.raises(Exception, match="不能改为未立案"):
        actions.do_correct_outcomes(clue.id, acting_user=world.carol, expected_version=clue.version, reason="复核",
                                    values={"case_filed": False})


def test_the_correction_link_shows_only_once_a_result_is_recorded(world, login, case_clue, closed_clue):
    open_clue, done = case_clue(), closed_clue()
    client = login(world.carol)
    assert 'id="correct-outcomes"' not in client.get(f"/staff/clues/{open_clue.id}/").content.decode()
    assert 'id="correct-outcomes"' in client.get(f"/staff/clues/{done.id}/").content.decode()
