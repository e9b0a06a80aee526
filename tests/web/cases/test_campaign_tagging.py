"""Tagging clues to a campaign: at intake, in bulk from the clue list (only clues in sight),
un-tagging; each clue's change is one "campaign.tag" entry of its own history."""

import re
from datetime import date

from qingfeng.audit.models import AuditEntry
from qingfeng.clues.models import Clue

from .campaign_support import campaign, clue

INTAKE = {"received_on": "2024-02-03", "source": "信访举报", "channel": "来信", "subject": "王某",
          "category": "虚报冒领", "summary": "危房改造补助被冒领"}


def test_the_intake_officer_tags_a_clue_to_a_campaign_at_intake(world, login):
    theme = campaign(world)
    client = login(world.erin)
    assert "专项治理主题" in client.get("/staff/clues/new/").content.decode()

    client.post("/staff/clues/new/", INTAKE | {"township": world.t1.code, "campaign": theme.id})

    made = Clue.objects.get()
    assert made.campaign == theme
    assert AuditEntry.objects.get(action="clue.create").after["campaign_id"] == theme.id


def test_a_clue_registered_without_a_campaign_has_none(world, login):
    campaign(world)
    login(world.erin).post("/staff/clues/new/", INTAKE | {"township": world.t1.code})
    assert Clue.objects.get().campaign is None


def test_a_department_liaison_is_not_offered_campaigns_and_cannot_post_one(world, login):
    theme = campaign(world)
    client = login(world.gina)
    assert 'name="campaign"' not in client.get("/staff/clues/new/").content.decode()

    client.post("/staff/clues/new/", INTAKE | {"township": world.t1.code, "campaign": theme.id})

    assert Clue.objects.get().campaign is None  # the field is not there, the value is ignored


def _tag(client, clues, value, next_url="/staff/clues/?state=pending"):
    return client.post("/staff/campaigns/tag/", {"clue": [c.id for c in clues], "campaign": value, "next": next_url})


def test_an_area_leader_tags_ticked_clues_in_bulk_one_audit_entry_per_clue(world, login):
    theme = campaign(world)
    mine = [clue(world, world.t1, date(2024, 1, 5)), clue(world, world.t2, date(2024, 1, 6))]
    client = login(world.carol)
    html = client.get("/staff/clues/").content.decode()
    assert 'id="campaign-tagging"' in html and f'<option value="{theme.id}">危房改造和易地搬迁</option>' in html

    response = _tag(client, mine, theme.id)

    assert response.status_code == 302 and response["Location"] == "/staff/clues/?state=pending"
    for c in mine:
        c.refresh_from_db()
        assert c.campaign == theme and c.version == 2
    entries = AuditEntry.objects.filter(action="campaign.tag").order_by("seq")
    assert [e.object_id for e in entries] == [str(c.id) for c in mine]
    assert entries[0].actor == world.carol
    assert entries[0].before == {"campaign_id": None, "campaign": None}
    assert entries[0].after == {"campaign_id": theme.id, "campaign": "危房改造和易地搬迁"}


def test_bulk_tagging_cannot_reach_a_clue_outside_the_users_area(world, login):
    theme = campaign(world)
    mine, theirs = clue(world, world.t1, date(2024, 1, 5)), clue(world, world.t3, date(2024, 1, 5))

    client = login(world.carol)
    html = client.post("/staff/campaigns/tag/", {"clue": [mine.id, theirs.id], "campaign": theme.id},
                       follow=True).content.decode()

    theirs.refresh_from_db()
    assert theirs.campaign is None and theirs.version == 1
    assert Clue.objects.get(id=mine.id).campaign == theme
    assert "已关联 1 件线索，0 件原已关联，1 件未找到。" in html
    assert not AuditEntry.objects.filter(action="campaign.tag", object_id=str(theirs.id)).exists()


def test_tagging_again_moves_a_clue_and_untagging_takes_it_out(world, login):
    first, second = campaign(world), campaign(world, name="村级财务清查", quarter=3)
    item = clue(world, world.t1, date(2024, 1, 5), campaign=first)
    client = login(world.frank)

    _tag(client, [item], second.id)
    item.refresh_from_db()
    assert item.campaign == second

    _tag(client, [item], "none")
    item.refresh_from_db()
    assert item.campaign is None
    befores = [e.before["campaign"] for e in AuditEntry.objects.filter(action="campaign.tag").order_by("seq")]
    assert befores == ["危房改造和易地搬迁", "村级财务清查"]


def test_clues_already_in_the_campaign_are_left_alone(world, login):
    theme = campaign(world)
    item = clue(world, world.t1, date(2024, 1, 5), campaign=theme)
    _tag(login(world.frank), [item], theme.id)
    assert Clue.objects.get(id=item.id).version == item.version
    assert not AuditEntry.objects.filter(action="campaign.tag").exists()


def test_a_township_officer_may_not_tag_and_sees_no_tagging_form(world, login):
    theme = campaign(world)
    item = clue(world, world.t1, date(2024, 1, 5))
    client = login(world.alice)
    assert 'id="campaign-tagging"' not in client.get("/staff/clues/").content.decode()
    assert _tag(client, [item], theme.id).status_code == 403
    assert Clue.objects.get(id=item.id).campaign is None


def test_an_off_site_return_address_is_not_followed(world, login):
    theme = campaign(world)
    item = clue(world, world.t1, date(2024, 1, 5))
    response = _tag(login(world.frank), [item], theme.id, next_url="//evil.example/")
    assert response["Location"] == "/staff/clues/"


def test_the_clue_list_filters_by_campaign_and_by_none(world, login):
    theme = campaign(world)
    tagged = clue(world, world.t1, date(2024, 1, 5), campaign=theme)
    untagged = clue(world, world.t1, date(2024, 1, 6))
    client = login(world.frank)

    def numbers(query):
        return re.findall(r'<a href="/staff/clues/\d+/">([^<]+)</a>', client.get("/staff/clues/" + query).content.decode())

    assert numbers(f"?campaign={theme.id}") == [tagged.clue_no]
    assert numbers("?campaign=none") == [untagged.clue_no]
    assert sorted(numbers("")) == sorted([tagged.clue_no, untagged.clue_no])
