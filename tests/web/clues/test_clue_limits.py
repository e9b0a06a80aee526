"""Free text has limits on every path: the form, the API and the actions themselves."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from qingfeng.audit.models import AuditEntry
from qingfeng.clues import actions, workflow
from qingfeng.clues.models import Clue
from qingfeng.places.models import Household

HUGE = "冒" * 200_000


def test_the_intake_form_refuses_an_over_long_summary_and_keeps_the_input(world, login):
    response = login(world.erin).post("/staff/clues/new/", {
        "received_on": "2024-06-03", "source": "上级交办", "township": world.t1.code, "category": "其他",
        "summary": "冒" * 5001, "subject": "王某"})
    html = response.content.decode()
    assert response.status_code == 200 and not Clue.objects.exists()
    assert "5000" in html and 'value="王某"' in html


def test_the_api_refuses_an_over_long_summary_with_a_message(world, login):
    response = login(world.erin).post("/api/clues", {
        "received_on": "2024-06-03", "source": "上级交办", "township": world.t1.code, "summary": HUGE,
    }, content_type="application/json")
    assert response.status_code == 400
    assert "最多 5000 字" in response.json()["errors"]["summary"][0]
    assert not Clue.objects.exists() and not AuditEntry.objects.filter(action="clue.create").exists()


def test_the_action_refuses_an_over_long_summary_and_subject(world):
    with pytest.raises(ValidationError) as refused:
        actions.do_create_clue(acting_user=world.erin, received_on=date(2024, 6, 3), source="上级交办",
                               township=world.t1, summary=HUGE, subject="王" * 101)
    assert set(refused.value.message_dict) == {"summary", "subject"}
    assert "现为 200000 字" in refused.value.message_dict["summary"][0]


def test_a_summary_at_the_limit_is_accepted(world):
    clue, _ = actions.do_create_clue(acting_user=world.erin, received_on=date(2024, 6, 3), source="上级交办",
                                     township=world.t1, summary="冒" * 5000)
    assert len(clue.summary) == 5000


def test_an_over_long_reason_is_refused_by_the_transition_action(world, make_clue):
    clue = make_clue()
    with pytest.raises(workflow.TransitionError) as refused:
        actions.do_transition(clue.id, "propose", acting_user=world.erin, expected_version=clue.version,
                              payload={"disposal": "初步核实", "reason": "理" * 2001})
    assert "最多 2000 字" in str(refused.value.errors["reason"])
    clue.refresh_from_db()
    assert clue.stage == "registered" and clue.proposal_reason == ""


def test_an_over_long_result_is_refused_through_the_api(world, login, make_clue, advance):
    clue = advance(make_clue(), until="assign")
    response = login(world.dave).post(f"/api/clues/{clue.id}/transitions/record_result", {
        "version": clue.version, "result": "果" * 2001}, content_type="application/json")
    assert response.status_code == 400 and "最多 2000 字" in response.json()["errors"]["result"]


def test_an_over_long_supervision_message_is_refused(world, make_clue):
    clue = make_clue()
    with pytest.raises(ValidationError) as refused:
        actions.do_issue_notice(clue.id, acting_user=world.frank, message="督" * 2001)
    assert "message" in refused.value.message_dict and not clue.notices.exists()


def test_an_over_long_household_note_is_refused_with_a_message(world, login):
    client = login(world.alice)
    response = client.post(f"/staff/households/{world.h1.id}/", {"note": "注" * 2001, "version": 1}, follow=True)
    assert "最多 2000 字" in response.content.decode()
    assert Household.objects.get(id=world.h1.id).note == ""
