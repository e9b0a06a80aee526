"""Completeness of the N items per village and township; a month is overdue after the 10th of the next."""

from datetime import date, datetime, time

from django.utils import timezone

from qingfeng.villages import completeness
from qingfeng.villages.actions import do_add_required_item, do_publish_disclosure
from qingfeng.villages.completeness import State
from qingfeng.villages.months import due_on

from .conftest import items

OCTOBER = date(2026, 10, 1)


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


def publish(village, month, chosen, on: date):
    for item in chosen:
        do_publish_disclosure(village, acting_user=None, month=month, item=item, text="内容", published_at=at(on))


def state(village, month, today):
    return completeness.village_months([village.id], [month], today)[village.id][0]


def test_a_month_missing_an_n_item_becomes_overdue_only_after_the_10th_of_the_next_month(world):
    publish(world.v1, OCTOBER, items()[:3], date(2026, 11, 2))
    assert state(world.v1, OCTOBER, date(2026, 11, 10)).state == State.OPEN
    late = state(world.v1, OCTOBER, date(2026, 11, 11))
    assert late.state == State.OVERDUE and late.missing == ["村务监督委员会月例会"]


def test_all_n_items_by_the_10th_is_complete_and_after_it_is_late(world):
    publish(world.v1, OCTOBER, items(), date(2026, 11, 10))
    publish(world.v1b, OCTOBER, items()[:3], date(2026, 11, 10))
    publish(world.v1b, OCTOBER, items()[3:], date(2026, 11, 11))
    today = date(2026, 12, 1)
    assert state(world.v1, OCTOBER, today).state == State.COMPLETE
    assert state(world.v1b, OCTOBER, today).state == State.LATE
    assert state(world.v1b, OCTOBER, today).overdue


def test_x_items_do_not_count_towards_the_n_items(world):
    publish(world.v1, OCTOBER, items()[:3], date(2026, 11, 1))
    do_publish_disclosure(world.v1, acting_user=None, month=OCTOBER, title="村务监督委员会月例会记录（补充）",
                          text="内容", published_at=at(date(2026, 11, 1)))
    assert state(world.v1, OCTOBER, date(2026, 12, 1)).state == State.OVERDUE


def test_an_item_added_later_is_not_required_in_earlier_months(world):
    publish(world.v1, OCTOBER, items(), date(2026, 11, 1))
    do_add_required_item(acting_user=world.admin, title="集体资产管理")
    assert state(world.v1, OCTOBER, date(2026, 12, 1)).state == State.COMPLETE
    this_month = state(world.v1, timezone.localdate().replace(day=1), timezone.localdate())
    assert "集体资产管理" in this_month.required


def test_township_officer_sees_each_village_month_and_the_townships_overdue_count(world, login, months):
    two_ago = months[2]  # its due date (10th of last month) has passed, whatever today is
    publish(world.v1, two_ago, items(), due_on(two_ago))
    publish(world.v1b, two_ago, items()[:2], due_on(two_ago))
    client = login(world.alice)
    page = client.get(f"/staff/villages/t/{world.t1.code}/").content.decode()
    row_v1 = page[page.index(f'id="village-{world.v1.code}"'):]
    row_v1b = page[page.index(f'id="village-{world.v1b.code}"'):]
    assert 'data-state="complete"' in row_v1[:row_v1.index("</tr>")].split("<td")[4]
    assert 'data-state="overdue"' in row_v1b[:row_v1b.index("</tr>")].split("<td")[4]
    overview = client.get("/staff/villages/").content.decode()
    row = overview[overview.index(f'id="township-{world.t1.code}"'):]
    row = row[:row.index("</tr>")]
    # Overdue: v1's three empty older months, v1b's four; last month too for both once past the 10th.
    expected = 7 + 2 * (timezone.localdate().day > 10)
    assert f'<span class="badge red">{expected}</span>' in row
    assert f'id="township-{world.t2.code}"' not in overview  # Alice sees only her township


def test_leadership_sees_every_township(world, login):
    page = login(world.frank).get("/staff/villages/").content.decode()
    assert all(f'id="township-{t.code}"' in page for t in (world.t1, world.t2, world.t3))


def test_another_townships_officer_cannot_open_the_township_and_a_village_member_is_refused(world, login):
    assert login(world.bob).get(f"/staff/villages/t/{world.t1.code}/").status_code == 404
    assert login(world.hank).get(f"/staff/villages/t/{world.t1.code}/").status_code == 403
    assert login(world.gina).get("/staff/villages/").status_code == 403


def test_a_village_member_is_taken_to_the_own_village_page(world, login):
    response = login(world.hank).get("/staff/villages/")
    assert response.status_code == 302 and response["Location"] == f"/staff/villages/{world.v1.code}/"


def test_the_administrator_adds_renames_and_retires_n_items_and_others_cannot(world, login):
    from qingfeng.audit.models import AuditEntry
    from qingfeng.villages.models import RequiredItem

    client = login(world.admin)
    client.post("/staff/villages/items/", {"do": "add", "title": "集体资产管理"})
    added = RequiredItem.objects.get(title="集体资产管理")
    client.post("/staff/villages/items/", {"item": added.id, "version": added.version, "title": "集体三资管理",
                                           "retired": "on"})
    added.refresh_from_db()
    assert added.title == "集体三资管理" and added.retired_from == timezone.localdate().replace(day=1)
    assert AuditEntry.objects.filter(action__startswith="disclosure.item_").count() == 2
    assert login(world.alice).post("/staff/villages/items/", {"do": "add", "title": "别的"}).status_code == 403
    assert not RequiredItem.objects.filter(title="别的").exists()
