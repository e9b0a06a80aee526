"""The JSON API of persons handled: list, add, change, remove — the same actions, scope and versions as the pages."""

import json
from datetime import date

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases import actions
from qingfeng.cases.models import Measure
from qingfeng.clues.models import Clue

SANCTION = {"name": "王某", "kind": "党纪处分", "measure": "留党察看", "probation_months": 24,
            "decided_on": "2024-03-10", "recovered": "1200.50", "returned": "800", "party_member": "中共党员"}


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def clue(case_clue):
    return case_clue()


def test_a_measure_is_added_and_listed_with_its_form_and_period(world, login, clue):
    client = login(world.dave)
    response = _post(client, f"/api/clues/{clue.id}/measures", {"version": clue.version} | SANCTION)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["form"], body["effect_ends"], body["probation_months"]) == (3, "2026-03-10", 24)
    listed = client.get(f"/api/clues/{clue.id}/measures").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert listed["clue_version"] == Clue.objects.get(id=clue.id).version
    assert Clue.objects.get(id=clue.id).persons_sanctioned == 1


def test_a_measure_is_changed_and_removed_with_its_version(world, login, clue):
    client = login(world.dave)
    item = _post(client, f"/api/clues/{clue.id}/measures", {"version": clue.version} | SANCTION).json()
    changed = _patch(client, f"/api/measures/{item['id']}", {"version": item["version"], "measure": "开除党籍"})
    assert changed.status_code == 200 and (changed.json()["form"], changed.json()["probation_months"]) == (3, None)
    stale = client.delete(f"/api/measures/{item['id']}?version={item['version']}")
    assert stale.status_code == 409
    removed = client.delete(f"/api/measures/{item['id']}?version={changed.json()['version']}")
    assert removed.status_code == 204 and not Measure.objects.exists()
    assert list(AuditEntry.objects.filter(action__startswith="measure.").values_list("action", flat=True)) == [
        "measure.add", "measure.change", "measure.remove"]


def test_adding_on_a_stale_clue_version_is_409(world, login, clue):
    response = _post(login(world.dave), f"/api/clues/{clue.id}/measures", {"version": clue.version - 1} | SANCTION)
    assert response.status_code == 409 and not Measure.objects.exists()


def test_a_concurrent_change_of_the_same_person_is_409(world, login, clue):
    item = actions.do_add_measure(clue.id, acting_user=world.dave, expected_version=clue.version, name="王某",
                                  kind="组织处理", measure="免职", decided_on=date(2024, 3, 10))
    stale = item.version
    actions.do_change_measure(item.id, acting_user=world.carol, expected_version=stale, values={"post": "村主任"})
    response = _patch(login(world.dave), f"/api/measures/{item.id}", {"version": stale, "post": "村会计"})
    assert response.status_code == 409
    assert Measure.objects.get().post == "村主任"


def test_probation_without_its_period_is_400_naming_the_field(world, login, clue):
    body = {"version": clue.version} | SANCTION | {"probation_months": None}
    response = _post(login(world.dave), f"/api/clues/{clue.id}/measures", body)
    assert response.status_code == 400 and "probation_months" in response.json()["errors"]


def test_a_closed_clue_takes_a_person_only_with_a_reason(world, login, closed_clue):
    clue = closed_clue()
    client = login(world.carol)
    refused = _post(client, f"/api/clues/{clue.id}/measures", {"version": clue.version} | SANCTION)
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    accepted = _post(client, f"/api/clues/{clue.id}/measures", {"version": clue.version, "reason": "补录"} | SANCTION)
    assert accepted.status_code == 201


def test_another_townships_clue_is_404_and_intake_is_403(world, login, clue):
    body = {"version": clue.version} | SANCTION
    assert _post(login(world.bob), f"/api/clues/{clue.id}/measures", body).status_code == 404
    assert login(world.bob).get(f"/api/clues/{clue.id}/measures").status_code == 404
    assert _post(login(world.erin), f"/api/clues/{clue.id}/measures", body).status_code == 403
    assert login(world.erin).get(f"/api/clues/{clue.id}/measures").status_code == 200
    assert not Measure.objects.exists()
