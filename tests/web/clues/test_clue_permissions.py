"""Who sees which clue, and who may see the reporter behind it (every look audited)."""

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.clues import actions
from tests.web.api_schema import api_get, api_post, assert_matches_schema


@pytest.fixture
def three(world, make_clue):
    """One clue in each township: T1 and T2 in 片区 P1, T3 in P2."""
    return make_clue(world.t1, subject="甲某"), make_clue(world.t2, subject="乙某"), make_clue(world.t3, subject="丙某")


def _listed(client):
    return {item["subject"] for item in api_get(client, "/api/clues?limit=100").json()["items"]}


@pytest.mark.parametrize(("who", "expected"), [
    ("alice", {"甲某"}), ("bob", {"乙某"}), ("carol", {"甲某", "乙某"}), ("dave", {"甲某", "乙某"}),
    ("ivan", {"丙某"}), ("erin", {"甲某", "乙某", "丙某"}), ("frank", {"甲某", "乙某", "丙某"}),
    ("admin", {"甲某", "乙某", "丙某"}), ("gina", set()),
])
def test_each_role_sees_exactly_its_clues_in_list_page_and_api(world, login, three, who, expected):
    client = login(getattr(world, who))
    assert _listed(client) == expected
    page = client.get("/staff/clues/").content.decode()
    assert {s for s in ("甲某", "乙某", "丙某") if s in page} == expected


def test_township_officer_cannot_see_other_township_clue(world, login, three):
    client = login(world.bob)
    t1_clue = three[0]
    assert client.get(f"/staff/clues/{t1_clue.id}/").status_code == 404
    assert client.get(f"/api/clues/{t1_clue.id}").status_code == 404
    assert client.post(f"/staff/clues/{t1_clue.id}/do/propose/",
                       {"version": 1, "disposal": "予以了结", "reason": "x"}).status_code == 404
    t1_clue.refresh_from_db()
    assert t1_clue.stage == "registered"


def test_village_member_is_forbidden(world, login, three):
    client = login(world.hank)
    assert client.get("/staff/clues/").status_code == 403
    assert client.get(f"/staff/clues/{three[0].id}/").status_code == 403
    assert client.get("/api/clues").status_code == 403


def test_department_liaison_sees_only_what_their_department_transferred(world, login, three):
    gina = login(world.gina)
    response = gina.post("/api/clues", {"received_on": "2024-05-06", "source": "信访举报", "township": world.t3.code,
                                        "subject": "丁某", "summary": "民政核查发现重复领取"},
                         content_type="application/json")
    assert response.status_code == 201
    assert_matches_schema(response, "post")
    body = response.json()["clue"]
    assert (body["source"], body["channel"], body["owner"]) == ("部门移送", "", world.t3.code)
    assert _listed(gina) == {"丁某"}
    assert gina.get(f"/api/clues/{three[2].id}").status_code == 404
    assert "丁某" in _listed(login(world.ivan))  # the owner's 片区 sees it too


def test_reporter_identity_is_hidden_outside_custody(world, login, three):
    clue = three[0]
    for who in ("alice", "carol", "dave", "frank", "admin"):
        client = login(getattr(world, who))
        page = client.get(f"/staff/clues/{clue.id}/").content.decode()
        assert "张举报" not in page and "13900001111" not in page
        assert client.get(f"/staff/clues/{clue.id}/reporter/").status_code == 403
        assert client.post(f"/staff/clues/{clue.id}/reporter/").status_code == 403
        assert client.post(f"/api/clues/{clue.id}/reporter").status_code == 403
        assert "张举报" not in client.get(f"/api/clues/{clue.id}").content.decode()
    assert not AuditEntry.objects.filter(action="clue.reporter.view").exists()


def test_intake_officer_sees_reporter_and_every_view_is_audited(world, login, three):
    clue = three[0]
    erin = login(world.erin)
    first = erin.post(f"/staff/clues/{clue.id}/reporter/").content.decode()
    assert "张举报" in first and "13900001111" in first
    assert api_post(erin, f"/api/clues/{clue.id}/reporter", {}).json() == {"name": "张举报", "contact": "13900001111"}
    views = AuditEntry.objects.filter(action="clue.reporter.view", object_id=str(clue.id))
    assert [(v.actor, v.object_type) for v in views] == [(world.erin, "clues.clue")] * 2


def test_assigned_leader_and_handler_gain_custody_of_the_reporter(world, login, three, advance):
    clue = advance(three[0], "assign")
    for who in ("carol", "dave"):
        assert "张举报" in login(getattr(world, who)).post(f"/staff/clues/{clue.id}/reporter/").content.decode()
    assert login(world.alice).post(f"/staff/clues/{clue.id}/reporter/").status_code == 403
    viewers = set(AuditEntry.objects.filter(action="clue.reporter.view").values_list("actor__username", flat=True))
    assert viewers == {"carol", "dave"}


def test_audit_trail_never_holds_the_reporter_identity(world, three):
    for entry in AuditEntry.objects.all():
        assert "张举报" not in str(entry.before) + str(entry.after)
        assert "13900001111" not in str(entry.before) + str(entry.after)


def test_handler_keeps_the_clue_after_it_moves_to_another_area(world, login, three, advance):
    clue = advance(three[0], "assign")
    actions.do_reassign(clue.id, acting_user=world.frank, mode="交叉办理", target=world.p2,
                        expected_version=clue.version, reason="回避")
    assert login(world.dave).get(f"/staff/clues/{clue.id}/").status_code == 200
    assert login(world.alice).get(f"/staff/clues/{clue.id}/").status_code == 404
    assert login(world.ivan).get(f"/staff/clues/{clue.id}/").status_code == 200


def test_attachment_is_scoped_like_its_clue(world, login, three):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clue = three[0]
    alice = login(world.alice)
    alice.post(f"/staff/clues/{clue.id}/attachments/", {"file": SimpleUploadedFile("举报材料.txt", b"evidence")})
    item = clue.attachments.get()
    url = f"/staff/clues/{clue.id}/attachments/{item.id}/"
    assert b"".join(alice.get(url).streaming_content) == b"evidence"
    assert login(world.bob).get(url).status_code == 404
    assert login(world.bob).post(f"/staff/clues/{clue.id}/attachments/",
                                 {"file": SimpleUploadedFile("x.txt", b"x")}).status_code == 404
    assert AuditEntry.objects.filter(action="clue.attach").count() == 1
