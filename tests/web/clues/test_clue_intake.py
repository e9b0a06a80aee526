"""Intake: every channel and source, repeat suggestions, bulk triage, data-check hits."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.audit.models import AuditEntry
from qingfeng.clues import actions
from qingfeng.clues.models import Clue
from tests.web.api_schema import assert_matches_schema


@pytest.mark.parametrize("channel", ["来信", "来访", "电话", "短信", "举报箱"])
def test_intake_officer_registers_a_petition_from_each_channel(world, login, channel):
    response = login(world.erin).post("/staff/clues/new/", {
        "received_on": "2024-06-03", "source": "信访举报", "channel": channel, "reporter_name": "匿名",
        "township": world.t3.code, "summary": "违规收费", "category": "违规收费",
    })
    assert response.status_code == 302
    clue = Clue.objects.get()
    assert (clue.channel, clue.reporter, clue.owner, clue.ack_due_on) == (channel, None, world.t3, None)


@pytest.mark.parametrize("source", ["上级交办", "巡察移交", "审计移交"])
def test_transfers_and_assignments_are_registered_without_channel(world, login, source):
    client = login(world.erin)
    assert client.post("/staff/clues/new/", {"received_on": "2024-06-03", "source": source,
                                              "township": world.t1.code, "summary": "x", "category": "其他"}).status_code == 302
    refused = client.post("/staff/clues/new/", {"received_on": "2024-06-03", "source": source, "channel": "电话",
                                                 "township": world.t1.code, "summary": "y", "category": "其他"})
    assert "只有信访举报填写反映方式" in refused.content.decode()
    assert Clue.objects.get().source == source


def test_petition_without_channel_and_village_outside_township_are_refused(world, login):
    client = login(world.erin)
    page = client.post("/staff/clues/new/", {"received_on": "2024-06-03", "source": "信访举报",
                                             "township": world.t1.code, "village": world.v3.code,
                                             "summary": "x", "category": "其他"}).content.decode()
    assert "信访举报须选择反映方式" in page and "所属村不在所属乡镇内" in page
    assert not Clue.objects.exists()


def test_township_officer_cannot_register(world, login):
    assert login(world.alice).get("/staff/clues/new/").status_code == 403


def test_likely_repeats_are_suggested_and_confirming_links_the_repeat(world, login, make_clue):
    first = make_clue(subject="王某", summary="王某虚报冒领低保金三千元，群众意见很大")
    unrelated = make_clue(world.t3, subject="赵某", reporter="匿名", summary="修路款去向不明")
    second = make_clue(subject="王某", reporter="匿名", received_on=date(2024, 2, 20), summary="另一件事")
    erin = login(world.erin)
    page = erin.get(f"/staff/clues/{second.id}/").content.decode()
    assert first.clue_no in page and "被反映人及地点相同" in page and unrelated.clue_no not in page

    by_text = make_clue(world.t1, subject="", reporter="匿名", received_on=date(2024, 3, 1),
                        summary="王某虚报冒领低保金三千元，群众意见大")
    assert "反映内容相似" in erin.get(f"/staff/clues/{by_text.id}/").content.decode()

    same_person = make_clue(world.t3, subject="", received_on=date(2024, 3, 2), summary="别的问题")
    assert "反映人相同" in erin.get(f"/staff/clues/{same_person.id}/").content.decode()

    erin.post(f"/staff/clues/{second.id}/repeat/", {"version": second.version, "original": first.id})
    second.refresh_from_db()
    assert (second.is_repeat, second.repeat_of) == (True, first)
    assert AuditEntry.objects.filter(action="clue.repeat", object_id=str(second.id)).count() == 1


def test_api_intake_returns_repeat_candidates(world, login, make_clue):
    first = make_clue(subject="王某")
    response = login(world.erin).post("/api/clues", {
        "received_on": "2024-02-05", "source": "信访举报", "channel": "短信", "subject": "王某",
        "township": world.t1.code, "summary": "又反映王某",
    }, content_type="application/json")
    assert response.status_code == 201
    assert_matches_schema(response, "post")
    assert response.json()["repeat_candidates"] == [first.id]


def test_data_check_hit_becomes_one_clue_only(world):
    kwargs = dict(acting_user=None, received_on=date(2024, 5, 6), source="大数据比对", township=world.t2,
                  subject="李四", summary="死亡后仍领取低保", evidence={"rule": "R01", "rows": [1, 2]},
                  hit_key="R01:H-T2-001:2024-04")
    clue, created = actions.do_create_clue(**kwargs)
    again, created_again = actions.do_create_clue(**kwargs)
    assert (created, created_again, again.id) == (True, False, clue.id)
    assert Clue.objects.count() == 1
    assert (clue.evidence["rule"], clue.owner, clue.channel) == ("R01", world.t2, "")
    assert AuditEntry.objects.get(action="clue.create").actor_name == "system"


def test_leader_closes_many_false_positives_with_one_reason(world, login, make_clue):
    hits = [actions.do_create_clue(acting_user=None, received_on=date(2024, 5, 6), source="大数据比对",
                                   township=world.t1, summary=f"比对{i}", hit_key=f"k{i}")[0] for i in range(3)]
    named = make_clue()
    other_area = make_clue(world.t3, reporter="匿名")
    response = login(world.carol).post("/staff/clues/bulk/", {
        "clue": [c.id for c in hits] + [named.id, other_area.id], "disposal": "予以了结",
        "reason": "经核实为同名误报", "close_out": "on",
    }, follow=True)
    assert "成功 4 件，未处理 1 件" in response.content.decode()
    for clue in hits:
        clue.refresh_from_db()
        assert (clue.state, clue.disposal, clue.result) == ("已办结", "予以了结", "经核实为同名误报")
    named.refresh_from_db()
    assert (named.stage, named.state) == ("result", "办理中")  # still owes the reporter feedback
    other_area.refresh_from_db()
    assert other_area.stage == "registered"


def test_bulk_triage_is_refused_to_a_role_that_cannot_propose_even_through_the_action(world, login, make_clue):
    clue = make_clue()
    assert login(world.gina).post("/staff/clues/bulk/", {
        "clue": [clue.id], "disposal": "予以了结", "reason": "误报", "close_out": "on"}).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        actions.do_bulk_triage([clue.id], acting_user=world.gina, disposal="予以了结", reason="误报", close_out=True)
    clue.refresh_from_db()
    assert clue.stage == "registered"
