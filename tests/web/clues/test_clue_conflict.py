"""Two people change the same clue at once: one succeeds, the other is told — never a silent overwrite."""

import json

from qingfeng.clues.models import Clue
from tests.web.api_schema import assert_matches_schema


def test_second_edit_with_stale_version_is_refused_on_the_page(world, login, make_clue):
    clue = make_clue()
    stale = clue.version
    erin, frank = login(world.erin), None
    first = erin.post(f"/staff/clues/{clue.id}/do/propose/",
                      {"version": stale, "disposal": "初步核实", "reason": "erin's view"}, follow=True)
    assert "已完成" in first.content.decode()
    frank = login(world.frank)
    second = frank.post(f"/staff/clues/{clue.id}/do/propose/",
                        {"version": stale, "disposal": "予以了结", "reason": "frank's view"}, follow=True)
    assert "已被他人修改" in second.content.decode()
    clue.refresh_from_db()
    assert (clue.proposed_disposal, clue.proposal_reason, clue.version) == ("初步核实", "erin's view", stale + 1)


def test_api_answers_409_on_a_stale_version(world, login, make_clue, advance):
    clue = advance(make_clue(), "approve")
    client = login(world.carol)
    url = f"/api/clues/{clue.id}/transitions/assign"
    body = {"version": clue.version, "handler_unit": "审查组", "handler_name": "甲"}
    first = client.post(url, json.dumps(body), content_type="application/json")
    assert first.status_code == 200
    assert_matches_schema(first, "post")
    again = client.post(url, json.dumps(body | {"handler_name": "乙"}), content_type="application/json")
    assert again.status_code == 409
    assert Clue.objects.get(id=clue.id).handler_name == "甲"


def test_api_refuses_an_illegal_transition_with_400(world, login, make_clue):
    clue = make_clue()
    response = login(world.carol).post(f"/api/clues/{clue.id}/transitions/close",
                                       json.dumps({"version": clue.version}), content_type="application/json")
    assert response.status_code == 400
    assert Clue.objects.get(id=clue.id).stage == "registered"
