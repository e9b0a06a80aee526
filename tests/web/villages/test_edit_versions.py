"""Every edit form of the villages app requires the version the user saw: a post without it is
refused (never a silent overwrite), the record unchanged."""

from django.utils import timezone

from qingfeng.villages.models import Disclosure, Meeting, RequiredItem

from .conftest import items

STALE_PAGE = "页面已过期或不完整，请刷新后再保存。"


def _meeting(client, **extra):
    data = {"held_on": timezone.localdate().isoformat(), "attendees": "张三、李四", "topics": "路灯不亮。",
            "decisions": "修路灯。", "typed_vouchers": "", **extra}
    return data


def test_a_meeting_change_without_version_is_refused(world, login, home):
    client = login(world.hank)
    assert client.post(f"/staff/villages/{world.v1.code}/meetings/new/", _meeting(client)).status_code == 302
    meeting = Meeting.objects.get()
    response = client.post(f"/staff/villages/m/{meeting.id}/change/", _meeting(client, topics="改掉"))
    assert response.status_code == 400 and STALE_PAGE in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.topics == "路灯不亮。" and meeting.version == 1
    ok = client.post(f"/staff/villages/m/{meeting.id}/change/", _meeting(client, topics="改掉", version=1))
    assert ok.status_code == 302 and Meeting.objects.get().topics == "改掉"


def test_publishing_a_meeting_without_version_is_refused(world, login, home):
    client = login(world.hank)
    client.post(f"/staff/villages/{world.v1.code}/meetings/new/", _meeting(client))
    meeting = Meeting.objects.get()
    page = client.post(f"/staff/villages/m/{meeting.id}/publish/", {}, follow=True).content.decode()
    assert STALE_PAGE in page and Meeting.objects.get().disclosure_id is None
    client.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": meeting.version})
    assert Meeting.objects.get().disclosure_id is not None


def test_a_correction_without_version_is_refused(world, login, months):
    client = login(world.hank)
    client.post(f"/staff/villages/{world.v1.code}/", {"month": f"{months[1]:%Y-%m}", "item": str(items()[2].id),
                                                       "title": "", "text": "修路。"})
    first = Disclosure.objects.get()
    response = client.post(f"/staff/villages/d/{first.id}/correct/", {"text": "修路 2 公里。"})
    assert response.status_code == 400 and STALE_PAGE in response.content.decode()
    assert Disclosure.objects.count() == 1


def test_an_item_change_without_version_is_refused(world, login):
    client = login(world.admin)
    item = items()[0]
    page = client.post("/staff/villages/items/", {"item": item.id, "title": "改名"}, follow=True).content.decode()
    assert STALE_PAGE in page and RequiredItem.objects.get(id=item.id).title == item.title
