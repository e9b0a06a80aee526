"""举报箱 through HTTP: scope and roles, the register and its edits (version conflicts),
openings with two different staff present, each item a 举报箱 clue linked both ways, an empty
opening, the reminders of boxes not opened."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.boxes import actions
from qingfeng.boxes.models import BoxOpening, ReportBox
from qingfeng.clues.models import Channel, Clue, Source


@pytest.fixture
def boxes(world):
    erin = world.erin
    return {
        "v1": actions.do_add_box(acting_user=erin, number="JBX-001", place=world.v1, location="村部公开栏旁",
                                 key_holder="乡镇纪委 张华"),
        "t1": actions.do_add_box(acting_user=erin, number="JBX-002", place=world.t1, location="镇政府大门",
                                 key_holder="乡镇纪委 张华"),
        "v2": actions.do_add_box(acting_user=erin, number="JBX-003", place=world.v2, location="村卫生室",
                                 key_holder="李某"),
    }


def _opening_data(day, w1, w2, items):
    data = {"opened_on": day, "witness_1": w1.id if w1 else "", "witness_2": w2.id if w2 else "",
            "items-TOTAL_FORMS": str(len(items)), "items-INITIAL_FORMS": "0"}
    for n, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{n}-{key}"] = value
    return data


def test_township_officer_sees_own_boxes_only_and_cannot_write(world, login, boxes):
    client = login(world.alice)
    page = client.get("/staff/boxes/").content.decode()
    assert "JBX-001" in page and "JBX-002" in page and "JBX-003" not in page
    assert client.get(f"/staff/boxes/{boxes['v2'].id}/").status_code == 404
    assert client.get(f"/staff/boxes/{boxes['v1'].id}/open/").status_code == 403
    assert client.post("/staff/boxes/", {"number": "X", "place": world.v1.code, "location": "a",
                                         "key_holder": "b"}).status_code == 403
    for user in (world.gina, world.hank, world.dave):
        assert login(user).get("/staff/boxes/").status_code == 403


def test_intake_registers_and_edits_a_box_with_version_check(world, login, boxes):
    client = login(world.erin)
    response = client.post("/staff/boxes/", {"number": "JBX-010", "place": world.v3.code, "location": "村部",
                                             "key_holder": "王某"}, follow=True)
    box = ReportBox.objects.get(number="JBX-010")
    assert response.status_code == 200 and box.place == world.v3
    stale = box.version
    data = {"version": stale, "number": "JBX-010", "place": world.v3.code, "location": "村部二楼",
            "key_holder": "王某", "active": "on"}
    client.post(f"/staff/boxes/{box.id}/", data)
    box.refresh_from_db()
    assert box.location == "村部二楼"
    page = client.post(f"/staff/boxes/{box.id}/", data | {"location": "别处"}).content.decode()
    box.refresh_from_db()
    assert "刚被其他人修改过" in page and box.location == "村部二楼"
    assert list(AuditEntry.objects.filter(object_type="boxes.reportbox", object_id=str(box.id))
                .values_list("action", flat=True)) == ["box.add", "box.update"]
    duplicate = client.post("/staff/boxes/", {"number": "JBX-001", "place": world.v3.code, "location": "x",
                                              "key_holder": "y"}).content.decode()
    assert "已有该编号的举报箱" in duplicate


def test_opening_registers_one_box_clue_per_item_linked_both_ways(world, login, boxes):
    client = login(world.erin)
    box = boxes["v1"]
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    items = [{"summary": "村干部优亲厚友", "subject": "王某", "category": "优亲厚友"},
             {"summary": "低保金被截留", "reporter_name": "张某", "reporter_contact": "139"},
             {}]  # an untouched row is no item
    response = client.post(f"/staff/boxes/{box.id}/open/", _opening_data(day, world.erin, world.alice, items),
                           follow=True)
    opening = BoxOpening.objects.get(box=box)
    clues = [item.clue for item in opening.items.order_by("position")]
    assert len(clues) == 2
    for clue in clues:
        assert clue.source == Source.PETITION and clue.channel == Channel.BOX
        assert clue.township == world.t1 and clue.village == world.v1 and str(clue.received_on) == day
        assert clue.box_item.opening == opening
    assert clues[0].subject == "王某" and clues[1].reporter is not None
    page = response.content.decode()
    assert clues[0].clue_no in page and clues[1].clue_no in page
    assert AuditEntry.objects.filter(action="box.open", object_id=str(opening.id)).get().after["clue_nos"] == [
        c.clue_no for c in clues]
    assert AuditEntry.objects.filter(action="clue.create", object_id__in=[str(c.id) for c in clues]).count() == 2
    # the clue's page links back to the opening
    assert f"/staff/boxes/openings/{opening.id}/" in client.get(f"/staff/clues/{clues[0].id}/").content.decode()


def test_an_empty_box_opening_is_recorded(world, login, boxes):
    client = login(world.frank)
    before = Clue.objects.count()
    client.post(f"/staff/boxes/{boxes['t1'].id}/open/",
                _opening_data(timezone.localdate().isoformat(), world.frank, world.alice, []))
    opening = BoxOpening.objects.get(box=boxes["t1"])
    assert opening.items.count() == 0 and Clue.objects.count() == before
    assert "箱内没有举报材料" in client.get(f"/staff/boxes/openings/{opening.id}/").content.decode()


@pytest.mark.parametrize("who", ["one", "same"])
def test_two_different_staff_are_required(world, login, boxes, who):
    client = login(world.erin)
    second = None if who == "one" else world.erin
    page = client.post(f"/staff/boxes/{boxes['v1'].id}/open/",
                       _opening_data(timezone.localdate().isoformat(), world.erin, second,
                                     [{"summary": "x"}])).content.decode()
    assert ("开箱须有两名工作人员在场" if who == "one" else "须是不同的人") in page
    assert BoxOpening.objects.count() == 0 and Clue.objects.count() == 0


def test_a_witness_from_another_township_is_refused(world, login, boxes):
    page = login(world.erin).post(f"/staff/boxes/{boxes['v1'].id}/open/", _opening_data(
        timezone.localdate().isoformat(), world.erin, world.bob, [])).content.decode()
    assert BoxOpening.objects.count() == 0
    assert "选择一个有效的选项" in page or "辖区覆盖该举报箱" in page


def test_a_refused_item_leaves_nothing_written(world, login, boxes):
    items = [{"summary": "第一件"}, {"summary": "第二件", "reporter_name": "张\x01某"}]
    page = login(world.erin).post(f"/staff/boxes/{boxes['v1'].id}/open/", _opening_data(
        timezone.localdate().isoformat(), world.erin, world.alice, items)).content.decode()
    assert BoxOpening.objects.count() == 0 and Clue.objects.count() == 0
    assert "第 2 件" in page or "控制字符" in page


def test_reminders_of_boxes_not_opened(world, boxes, settings):
    from qingfeng.boxes.reminders import reminders

    settings.BOX_OPENING_DAYS = 30
    today = timezone.localdate()
    ReportBox.objects.filter(id=boxes["v1"].id).update(installed_on=today - timedelta(days=31))
    ReportBox.objects.filter(id=boxes["t1"].id).update(installed_on=today - timedelta(days=30))  # exactly 30: not yet
    ReportBox.objects.filter(id=boxes["v2"].id).update(installed_on=today - timedelta(days=90))
    alice = reminders(world.alice, today)
    assert [r.url for r in alice] == [f"/staff/boxes/{boxes['v1'].id}/"] and alice[0].overdue
    erin = reminders(world.erin, today)
    assert len(erin) == 1 and erin[0].title.startswith("2 ") and "?overdue=1" in erin[0].url
    actions.do_record_opening(boxes["v1"].id, acting_user=world.erin, opened_on=today, witness_1=world.erin,
                              witness_2=world.alice)
    assert reminders(world.alice, today) == []
    settings.BOX_OPENING_DAYS = 10
    assert len(reminders(world.alice, today + timedelta(days=11))) == 2
    assert reminders(world.gina, today) == []


def test_overdue_filter_lists_only_late_boxes(world, login, boxes):
    ReportBox.objects.filter(id=boxes["v2"].id).update(installed_on=date(2020, 1, 1))
    page = login(world.erin).get("/staff/boxes/?overdue=1").content.decode()
    assert 'data-box="JBX-003"' in page and 'data-box="JBX-001"' not in page
