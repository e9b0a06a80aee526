"""Leadership defines and changes campaigns (一季一主题); nobody else may; each change is audited."""

import pytest

from qingfeng.audit.models import AuditEntry
from qingfeng.cases.models import Campaign

from .campaign_support import campaign

NEW = "/staff/campaigns/new/"
FORM = {"name": "互联网+监督数据比对", "year": "2018", "quarter": "2", "scope": "有房有车、疑似死亡冒领",
        "rules": ["R03", "R01"], "categories": ["虚报冒领"]}


def test_leadership_defines_a_campaign_and_the_definition_is_audited(world, login):
    response = login(world.frank).post(NEW, FORM)

    made = Campaign.objects.get(name="互联网+监督数据比对")
    assert response.status_code == 302 and response["Location"] == f"/staff/campaigns/{made.id}/"
    assert (made.year, made.quarter, made.scope) == (2018, 2, "有房有车、疑似死亡冒领")
    assert made.rules == ["R01", "R03"] and made.categories == ["虚报冒领"] and made.created_by == world.frank
    entry = AuditEntry.objects.get(action="campaign.create")
    assert entry.actor == world.frank and entry.object_id == str(made.id)
    assert entry.after["rules"] == ["R01", "R03"] and entry.after["quarter"] == 2


@pytest.mark.parametrize("who", ["erin", "carol", "dave", "alice", "gina", "admin"])
def test_no_one_but_leadership_may_define_or_change_a_campaign(world, login, who):
    existing = campaign(world)
    client = login(getattr(world, who))

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, FORM).status_code == 403
    assert client.post(f"/staff/campaigns/{existing.id}/edit/", FORM | {"version": 1}).status_code == 403
    assert not Campaign.objects.filter(name=FORM["name"]).exists()
    assert Campaign.objects.get(id=existing.id).name == "危房改造和易地搬迁"
    assert AuditEntry.objects.filter(action__in=["campaign.create", "campaign.change"]).count() == 1


def test_readers_see_the_campaign_list_and_only_leadership_the_new_button(world, login):
    campaign(world)
    assert "新建专项治理主题" in login(world.frank).get("/staff/campaigns/").content.decode()
    html = login(world.alice).get("/staff/campaigns/").content.decode()
    assert "危房改造和易地搬迁" in html and "新建专项治理主题" not in html
    assert login(world.hank).get("/staff/campaigns/").status_code == 403


def test_changing_a_campaign_records_before_and_after(world, login):
    made = campaign(world, rules=["R03"])
    response = login(world.frank).post(f"/staff/campaigns/{made.id}/edit/",
                                       FORM | {"name": "危房改造和易地搬迁", "year": "2024", "quarter": "1",
                                               "rules": ["R03", "R05"], "version": made.version})

    assert response.status_code == 302
    made.refresh_from_db()
    assert made.rules == ["R03", "R05"] and made.version == 2
    entry = AuditEntry.objects.get(action="campaign.change")
    assert entry.before["rules"] == ["R03"] and entry.after["rules"] == ["R03", "R05"]
    assert "name" not in entry.after  # only what changed


def test_a_stale_edit_is_refused_and_changes_nothing(world, login):
    made = campaign(world)
    client = login(world.frank)
    client.post(f"/staff/campaigns/{made.id}/edit/", FORM | {"name": "第一次修改", "version": 1})

    html = client.post(f"/staff/campaigns/{made.id}/edit/", FORM | {"name": "第二次修改", "version": 1},
                       follow=True).content.decode()

    assert "已被他人修改" in html
    assert Campaign.objects.get(id=made.id).name == "第一次修改"


@pytest.mark.parametrize(("change", "message"), [
    ({"year": ""}, "年度和季度须同时填写"),
    ({"rules": ["R99"]}, "R99 不在可用的选项中"),
    ({"name": "危房改造和易地搬迁"}, "已有同名的专项治理主题"),
    ({"name": "  "}, "这个字段是必填项"),
])
def test_a_bad_definition_is_shown_on_the_form_and_not_stored(world, login, change, message):
    campaign(world)
    response = login(world.frank).post(NEW, FORM | change)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Campaign.objects.count() == 1


def test_the_action_refuses_a_rule_outside_the_catalogue(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        campaign(world, rules=["R03", "R99"])
    assert "R99" in str(refused.value.message_dict["rules"])
