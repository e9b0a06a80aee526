"""A township officer of one township can neither read nor change anything of another."""

import json

import pytest

from qingfeng.audit.models import AuditEntry
from tests.web.api_schema import api_get


def test_township_officer_sees_only_own_households_in_list(world, login):
    client = login(world.alice)
    page = client.get("/staff/households/").content.decode()
    assert "H-T1-001" in page
    assert "H-T2-001" not in page and "H-T3-001" not in page


def test_township_officer_cannot_open_other_township_household(world, login):
    client = login(world.bob)
    assert client.get(f"/staff/households/{world.h1.id}/").status_code == 404
    assert client.get(f"/staff/households/{world.h2.id}/").status_code == 200


def test_township_officer_cannot_filter_list_by_other_township(world, login):
    client = login(world.bob)
    assert client.get(f"/staff/households/?place={world.t1.code}").status_code == 404


def test_township_officer_cannot_change_other_township_household(world, login):
    client = login(world.bob)
    response = client.post(f"/staff/households/{world.h1.id}/", {"note": "hacked", "version": 1})
    assert response.status_code == 404
    world.h1.refresh_from_db()
    assert world.h1.note == ""
    assert not AuditEntry.objects.filter(action="household.note").exists()


def test_api_lists_only_own_jurisdiction(world, login):
    client = login(world.alice)
    items = api_get(client, "/api/households").json()["items"]
    assert [h["household_no"] for h in items] == ["H-T1-001"]
    codes = {j["code"] for j in api_get(client, "/api/jurisdictions?limit=100").json()["items"]}
    assert codes == {world.t1.code, world.v1.code, world.v1b.code}


def test_api_detail_and_change_of_other_township_are_not_found(world, login):
    client = login(world.bob)
    assert client.get(f"/api/households/{world.h1.id}").status_code == 404
    response = client.patch(
        f"/api/households/{world.h1.id}", json.dumps({"note": "x", "version": 1}), content_type="application/json"
    )
    assert response.status_code == 404
    world.h1.refresh_from_db()
    assert world.h1.note == ""


def test_area_leader_sees_every_township_of_the_area_but_not_another_area(world, login):
    client = login(world.carol)
    numbers = {h["household_no"] for h in api_get(client, "/api/households").json()["items"]}
    assert numbers == {"H-T1-001", "H-T2-001"}
    assert client.get(f"/staff/households/{world.h3.id}/").status_code == 404


def test_county_roles_see_everything(world, login):
    client = login(world.frank)
    assert len(api_get(client, "/api/households").json()["items"]) == 3


def test_staff_home_shows_the_users_jurisdiction(world, login):
    page = login(world.alice).get("/staff/").content.decode()
    assert "广福桥镇" in page and "慈利县" in page
    assert "东岳观镇" not in page


@pytest.mark.parametrize("path", ["/staff/", "/staff/households/", "/api/households", "/api/me"])
def test_anonymous_visitors_get_no_staff_data(client, world, path):
    response = client.get(path)
    assert response.status_code in (302, 401)
    assert "H-T1-001" not in response.content.decode()


def test_editing_a_household_is_audited_with_before_and_after(world, login):
    client = login(world.alice)
    client.post(f"/staff/households/{world.h1.id}/", {"note": "低保复核中", "version": 1})
    entry = AuditEntry.objects.get(action="household.note")
    assert entry.actor == world.alice
    assert entry.before == {"note": "", "version": 1}
    assert entry.after == {"note": "低保复核中", "version": 2}


def test_concurrent_edit_with_stale_version_is_refused_not_overwritten(world, login):
    alice = login(world.alice)
    alice.post(f"/staff/households/{world.h1.id}/", {"note": "first", "version": 1})
    response = alice.patch(
        f"/api/households/{world.h1.id}", json.dumps({"note": "second", "version": 1}), content_type="application/json"
    )
    assert response.status_code == 409
    world.h1.refresh_from_db()
    assert world.h1.note == "first"


def test_staff_home_counts_households_of_each_subordinate_subtree(world, login):
    page = login(world.carol).get("/staff/").content.decode()
    page = page[page.index('<table id="children">'):]
    # 第一片区 -> 广福桥镇 (1 household in its village) and 东岳观镇 (1)
    rows = [r for r in page.split("<tr>") if "广福桥镇" in r or "东岳观镇" in r]
    assert len(rows) == 2 and all("<td>1</td></tr>" in r.replace("\n", "").replace(" ", "") for r in rows)
