"""Who records outcomes: 片区 leaders and case handlers, township officers in their own township,
the leadership everywhere; intake, departments, village committees and administrators never."""

from datetime import date

import pytest

from qingfeng.cases import actions
from qingfeng.cases.models import Measure
from tests.web.cases.conftest import measure_post


@pytest.fixture
def t1_clue(case_clue):
    return case_clue()


@pytest.fixture
def t1_measure(world, t1_clue):
    return actions.do_add_measure(t1_clue.id, acting_user=world.dave, expected_version=t1_clue.version,
                                  name="王某", kind="组织处理", measure="免职", decided_on=date(2024, 3, 10))


def _add(client, clue):
    clue.refresh_from_db()
    return client.post(f"/staff/cases/clues/{clue.id}/measures/new/", measure_post(clue.version))


def _open_and_remove(client, item) -> tuple[int, int]:
    """The status codes of opening a person's change page, then of removing the person."""
    return (client.get(f"/staff/cases/measures/{item.id}/").status_code,
            client.post(f"/staff/cases/measures/{item.id}/remove/", {"version": item.version}).status_code)


def test_a_township_officer_records_outcomes_on_their_own_townships_clue(world, login, t1_clue):
    assert _add(login(world.alice), t1_clue).status_code == 302
    assert Measure.objects.get().created_by == world.alice


def test_a_township_officer_cannot_record_outcomes_on_another_townships_clue(world, login, t1_clue):
    client = login(world.bob)
    assert client.get(f"/staff/cases/clues/{t1_clue.id}/measures/new/").status_code == 404
    assert _add(client, t1_clue).status_code == 404
    assert client.post(f"/staff/cases/clues/{t1_clue.id}/file/", {"version": t1_clue.version}).status_code == 404
    assert not Measure.objects.exists()


def test_a_township_officer_cannot_change_another_townships_person(world, login, t1_measure):
    assert _open_and_remove(login(world.bob), t1_measure) == (404, 404)
    assert Measure.objects.exists()


@pytest.mark.parametrize("who", ["erin", "gina", "admin"])
def test_roles_that_do_not_investigate_cannot_record_outcomes(world, login, t1_clue, who):
    client = login(getattr(world, who))
    assert _add(client, t1_clue).status_code == 403
    assert client.get(f"/staff/cases/clues/{t1_clue.id}/correct/").status_code == 403
    assert not Measure.objects.exists()


def test_intake_cannot_change_or_remove_a_person(world, login, t1_measure):
    assert _open_and_remove(login(world.erin), t1_measure) == (403, 403)
    assert Measure.objects.exists()


def test_a_village_committee_member_cannot_record_outcomes(world, login, t1_clue):
    assert _add(login(world.hank), t1_clue).status_code == 403


def test_intake_sees_the_persons_handled_but_no_way_to_record_them(world, login, t1_measure):
    page = login(world.erin).get(f"/staff/clues/{t1_measure.clue_id}/").content.decode()
    assert "王某" in page and "免职" in page and 'id="add-measure"' not in page


@pytest.mark.parametrize("who", ["carol", "dave", "frank"])
def test_leaders_handlers_and_leadership_record_outcomes_in_their_area(world, login, t1_clue, who):
    assert _add(login(getattr(world, who)), t1_clue).status_code == 302


def test_another_areas_leader_cannot_record_outcomes(world, login, t1_clue):
    assert _add(login(world.ivan), t1_clue).status_code == 404


def test_leadership_records_outcomes_everywhere(world, login, case_clue):
    clue = case_clue(world.t3)
    client = login(world.frank)
    assert _add(client, clue).status_code == 302
    assert client.post(f"/staff/cases/clues/{clue.id}/file/", {
        "version": Measure.objects.get().clue.version, "filed_on": "2024-03-05"}).status_code == 302
