"""The committee's monthly meeting (月例会): recorded by the village's members with the entries
signed off (民主理财), read by overseers in scope, published as the monthly_meeting disclosure."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from qingfeng.audit.models import AuditEntry
from qingfeng.villages import completeness
from qingfeng.villages.models import Disclosure, Meeting, RequiredItem, ReviewedEntry

from .village_support import V1, V2, default_items, entry, last_month, member_b, write_books


@pytest.fixture(autouse=True)
def _items(db):
    default_items()


def meeting_data(held_on=None, **extra):
    held_on = held_on or timezone.localdate()
    data = {"held_on": held_on.isoformat(), "attendees": "张三、李四 王五", "topics": "村民反映路灯不亮。",
            "decisions": "本月修好路灯。", "typed_vouchers": ""}
    data.update(extra)
    return data


def record(client, village_code=V1, **data):
    return client.post(f"/staff/villages/{village_code}/meetings/new/", meeting_data(**data))


def test_a_member_records_a_meeting_with_entries_ticked_and_typed_checked_against_the_books(world, login, home):
    write_books(home, [entry("V001", amount="5000.00"), entry("V002", amount="1200.50", memo="办公用品"),
                               entry("V003", amount="300.00"), entry("W001", village=V2)])
    client = login(world.hank)
    page = client.get(f"/staff/villages/{V1}/meetings/new/?books_month={last_month():%Y-%m}").content.decode()
    assert 'value="V001"' in page and 'value="V002"' in page and "W001" not in page  # only own village's
    response = record(client, vouchers=["V001"], typed_vouchers="V002\n")
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.village, meeting.attendees, meeting.recorded_by) == (world.v1, "张三、李四、王五", world.hank)
    entries = {e.voucher_no: e for e in meeting.entries.all()}
    assert set(entries) == {"V001", "V002"}
    assert entries["V002"].amount == Decimal("1200.50") and entries["V002"].memo == "办公用品"
    assert entries["V001"].in_books and entries["V001"].snapshot_id == 1
    detail = client.get(f"/staff/villages/m/{meeting.id}/").content.decode()
    assert "6200.50" in detail  # 5000.00 + 1200.50
    audit = AuditEntry.objects.get(action="meeting.record")
    assert audit.after["entries"] == ["V001", "V002"]


def test_a_typed_voucher_not_in_the_books_is_refused_by_number_and_nothing_is_recorded(world, login, home):
    write_books(home, [entry("V001"), entry("W001", village=V2)])
    client = login(world.hank)
    response = record(client, typed_vouchers="V001 V404 W001")  # W001 is another village's voucher
    assert response.status_code == 400
    text = response.content.decode()
    assert "本村已导入的账簿中没有这些凭证号：V404、W001" in text
    assert not Meeting.objects.exists() and not ReviewedEntry.objects.exists()


def test_without_books_typed_vouchers_are_recorded_unchecked(world, login, home):
    client = login(world.hank)
    assert record(client, typed_vouchers="X-1").status_code == 302
    reviewed = ReviewedEntry.objects.get()
    assert (reviewed.voucher_no, reviewed.in_books, reviewed.amount) == ("X-1", False, None)


def test_an_entry_is_signed_off_at_one_meeting_only(world, login, home):
    write_books(home, [entry("V001")])
    client = login(world.hank)
    assert record(client, held_on=last_month().replace(day=20), vouchers=["V001"]).status_code == 302
    response = record(client, vouchers=["V001"])
    assert response.status_code == 400 and "凭证号 V001 已在" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_one_meeting_per_village_and_month(world, login, home):
    client = login(world.hank)
    today = timezone.localdate()
    assert record(client, held_on=today.replace(day=1)).status_code == 302
    response = record(client, held_on=today)
    assert response.status_code == 400 and "这个月的月例会已经记录" in response.content.decode()


def test_a_meeting_cannot_be_held_tomorrow(world, login, home):
    response = record(login(world.hank), held_on=timezone.localdate() + timedelta(days=1))
    assert response.status_code == 400 and not Meeting.objects.exists()


def test_a_member_of_another_village_gets_404_and_an_overseer_cannot_record(world, login, home):
    client = login(world.hank)
    assert record(client).status_code == 302
    meeting = Meeting.objects.get()
    other = login(member_b(world))
    assert other.get(f"/staff/villages/m/{meeting.id}/").status_code == 404
    assert other.get(f"/staff/villages/{V1}/meetings/").status_code == 404
    assert record(other).status_code == 404
    assert other.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": 1}).status_code == 404
    alice = login(world.alice)  # the township officer reads it, never records or publishes
    assert alice.get(f"/staff/villages/m/{meeting.id}/").status_code == 200
    assert "村民反映路灯不亮。" in alice.get(f"/staff/villages/m/{meeting.id}/").content.decode()
    assert record(alice).status_code == 403
    assert alice.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": 1}).status_code == 403
    assert login(world.bob).get(f"/staff/villages/m/{meeting.id}/").status_code == 404  # another township
    assert login(world.frank).get(f"/staff/villages/{V1}/meetings/").status_code == 200  # leadership
    assert login(world.gina).get(f"/staff/villages/m/{meeting.id}/").status_code == 403  # a department
    assert not Disclosure.objects.exists()


def test_publishing_makes_it_the_monthly_meeting_disclosure_and_completes_that_item(world, login, home):
    write_books(home, [entry("V001", amount="5000.00", party="张小三", party_id=""),
                               entry("V002", amount="800.00")])
    client = login(world.hank)
    this_month = last_month()
    record(client, held_on=this_month.replace(day=28), vouchers=["V001", "V002"])
    meeting = Meeting.objects.get()
    item = RequiredItem.objects.get(key="monthly_meeting")
    today = timezone.localdate()

    def published_titles():
        return completeness.village_months([world.v1.id], [this_month], today)[world.v1.id][0].published

    assert item.title not in published_titles()
    response = client.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": meeting.version})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.item, disclosure.month, disclosure.village) == (item, this_month, world.v1)
    assert "会议日期：" + f"{this_month.replace(day=28):%Y-%m-%d}" in disclosure.text
    assert "民主理财审核的收支（2 笔，合计 5800.00 元）" in disclosure.text
    assert "张*三" in disclosure.text and "张小三" not in disclosure.text  # a person's name is masked
    meeting.refresh_from_db()
    assert meeting.disclosure == disclosure
    assert item.title in published_titles()
    assert AuditEntry.objects.filter(action="disclosure.publish").count() == 1
    assert AuditEntry.objects.filter(action="meeting.publish").count() == 1
    client.logout()
    assert "本月修好路灯。" in client.get(f"/v/{V1}/").content.decode()


def test_a_change_after_publication_is_a_correction_the_old_version_stays(world, login, home):
    client = login(world.hank)
    record(client)
    meeting = Meeting.objects.get()
    client.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": meeting.version})
    meeting.refresh_from_db()
    response = client.post(f"/staff/villages/m/{meeting.id}/change/",
                           meeting_data(version=meeting.version, decisions="本月修好路灯，下月修水渠。", note="补记决定"))
    assert response.status_code == 302
    old, new = Disclosure.objects.order_by("revision")
    assert (old.current, new.current, new.revision, new.correction_note) == (False, True, 2, "补记决定")
    assert "下月修水渠" in new.text and new.supersedes == old
    meeting.refresh_from_db()
    assert meeting.disclosure == new
    # the generic correction page sends the member to the meeting's record
    assert client.get(f"/staff/villages/d/{new.id}/correct/")["Location"].endswith(f"/m/{meeting.id}/change/")


def test_a_stale_version_is_refused(world, login, home):
    client = login(world.hank)
    record(client)
    meeting = Meeting.objects.get()
    assert client.post(f"/staff/villages/m/{meeting.id}/change/", meeting_data(version=meeting.version)).status_code == 302
    response = client.post(f"/staff/villages/m/{meeting.id}/change/", meeting_data(version=meeting.version, topics="x"))
    assert response.status_code == 400 and "刚被其他成员修改过" in response.content.decode()


def test_an_id_number_in_the_record_refuses_publication(world, login, home):
    client = login(world.hank)
    record(client, topics="村民 430821198001010019 反映低保问题")
    meeting = Meeting.objects.get()
    response = client.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": meeting.version}, follow=True)
    assert "不能含有身份证号码" in response.content.decode()
    assert not Disclosure.objects.exists()
    meeting.refresh_from_db()
    assert not meeting.published


def test_a_month_published_by_hand_is_corrected_by_the_meeting(world, login, home):
    client = login(world.hank)
    item = RequiredItem.objects.get(key="monthly_meeting")
    month = timezone.localdate().replace(day=1)
    client.post(f"/staff/villages/{V1}/", {"month": f"{month:%Y-%m}", "item": str(item.id), "text": "开了会。"})
    record(client)
    meeting = Meeting.objects.get()
    client.post(f"/staff/villages/m/{meeting.id}/publish/", {"version": meeting.version})
    old, new = Disclosure.objects.order_by("revision")
    assert (old.text, old.current, new.revision, new.current) == ("开了会。", False, 2, True)
    assert new.correction_note == "以月例会记录为准"


def test_the_form_lists_the_books_newest_month_when_last_month_has_no_entries(world, login, home):
    from datetime import date

    write_books(home, [entry("OLD1", day=date(2020, 3, 9)), entry("OLD2", day=date(2020, 5, 2)),
                       entry("SEEN", day=date(2020, 5, 3), reviewed=True)])
    page = login(world.hank).get(f"/staff/villages/{V1}/meetings/new/").content.decode()
    assert 'value="OLD2"' in page and 'value="OLD1"' not in page  # 2020-05, the newest
    assert 'value="SEEN"' not in page  # the books already say 是
    assert '<option value="2020-03">' in page
