"""巡察整改 integrity: a liaison sees only the suggestions and rules addressed to their own
department; a round edited without the version seen is refused (never a silent overwrite);
the round's office forms go through one handler (messages, scope)."""

from datetime import date

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.inspections import actions
from qingfeng.inspections.models import Round, Suggestion

TODAY = date(2026, 11, 2)
BASE = "/staff/inspections"


@pytest.fixture
def round_with_advice(world):
    """Round 1 of 2026 with a suggestion and a rule each for 民政, 财政 and another unit."""
    erin = world.erin
    found = actions.do_create_round(acting_user=erin, year=2026, number=1, kind="常规", started_on=date(2026, 3, 1),
                                    today=TODAY)
    actions.do_add_target(found.id, acting_user=erin, department=world.mz)
    for department, unit, tag in ((world.mz, "", "民政"), (world.cz, "", "财政"), (None, "县供销社", "供销")):
        actions.do_add_suggestion(found.id, acting_user=erin, department=department, unit_name=unit,
                                  text=f"建议{tag}完善台账", made_on=date(2026, 5, 1), today=TODAY)
        actions.do_add_rule(found.id, acting_user=erin, department=department, unit_name=unit,
                            title=f"{tag}资金发放公示制度", established_on=date(2026, 6, 1), today=TODAY)
    return found


def test_a_department_liaison_sees_only_its_own_departments_suggestions_and_rules(world, login, round_with_advice):
    page = login(world.gina).get(f"{BASE}/{round_with_advice.id}/").content.decode()
    suggestions = page.split('id="suggestions"')[1].split("</ul>")[0]
    rules = page.split('id="rules"')[1].split("</ul>")[0]
    assert "建议民政完善台账" in suggestions and "建议财政完善台账" not in suggestions and "供销" not in suggestions
    assert "民政资金发放公示制度" in rules and "财政" not in rules and "供销" not in rules


def test_a_liaison_without_a_department_sees_no_suggestions(world, login, round_with_advice):
    world.gina.department = None
    world.gina.save()
    page = login(world.gina).get(f"{BASE}/{round_with_advice.id}/").content.decode()
    assert "完善台账" not in page and "公示制度" not in page


def test_the_office_and_a_township_officer_see_every_suggestion(world, login, round_with_advice):
    for user in (world.erin, world.alice):
        page = login(user).get(f"{BASE}/{round_with_advice.id}/").content.decode()
        assert page.count("完善台账") == 3 and page.count("公示制度") == 3


def edit(found, **fields):
    data = {"year": 2026, "number": found.number, "kind": "常规", "title": "", "started_on": "2026-03-01",
            "ended_on": "", "note": ""}
    data.update(fields)
    return data


def test_editing_a_round_without_the_version_seen_is_refused(world, login, round_with_advice):
    found = round_with_advice
    client = login(world.erin)
    refused = client.post(f"{BASE}/{found.id}/edit/", edit(found, note="覆盖"), follow=True)
    assert '<ul class="messages"><li class="error">' in refused.content.decode()
    found.refresh_from_db()
    assert (found.note, found.version) == ("", 1)
    assert not AuditEntry.objects.filter(action="inspection.round.update").exists()
    # With the version seen it saves once; the same version again is stale.
    client.post(f"{BASE}/{found.id}/edit/", edit(found, note="第一次", version=1))
    stale = client.post(f"{BASE}/{found.id}/edit/", edit(found, note="第二次", version=1), follow=True)
    assert "刚被其他人修改过" in stale.content.decode()
    found.refresh_from_db()
    assert (found.note, found.version) == ("第一次", 2)
    entry = AuditEntry.objects.get(action="inspection.round.update")
    assert (entry.before, entry.after) == ({"note": ""}, {"note": "第一次"})


def test_the_action_refuses_an_edit_without_a_version(world, round_with_advice):
    with pytest.raises(actions.Conflict):
        actions.do_update_round(round_with_advice.id, acting_user=world.erin, expected_version=None, year=2026,
                                number=1, kind="常规", started_on=date(2026, 3, 1), note="x", today=TODAY)
    assert Round.objects.get().note == ""


def test_saving_a_round_unchanged_writes_no_entry_and_keeps_the_version(world, login, round_with_advice):
    login(world.erin).post(f"{BASE}/{round_with_advice.id}/edit/", edit(round_with_advice, version=1))
    round_with_advice.refresh_from_db()
    assert round_with_advice.version == 1
    assert not AuditEntry.objects.filter(action="inspection.round.update").exists()


def test_the_office_forms_of_a_round_keep_their_messages_and_roles(world, login, round_with_advice):
    found = round_with_advice
    response = login(world.erin).post(f"{BASE}/{found.id}/suggestions/", {
        "department": world.cz.code, "text": "建议财政局加快拨付", "made_on": "2026-10-01"}, follow=True)
    assert "已登记意见建议。" in response.content.decode()
    assert Suggestion.objects.filter(text="建议财政局加快拨付", department=world.cz).exists()
    assert login(world.alice).post(f"{BASE}/{found.id}/suggestions/", {
        "department": world.cz.code, "text": "x", "made_on": "2026-10-01"}).status_code == 403
    assert login(world.erin).post(f"{BASE}/999999/rules/", {"title": "x", "unit_name": "y",
                                                            "established_on": "2026-10-01"}).status_code == 404
