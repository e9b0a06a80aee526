"""A village's books as staff see them: the latest imported village_books, read-only, paginated,
filtered by month and direction; an entry signed off at a monthly meeting shows 已审核（民主理财）."""

import pytest
from django.utils import timezone

from qingfeng.core.months import add_months
from qingfeng.villages import finance
from qingfeng.villages.models import Meeting

from .village_support import V1, V2, default_items, entry, last_month, member_b, write_books


@pytest.fixture(autouse=True)
def _items(db):
    default_items()


def books(client, code=V1, **query):
    return client.get(f"/staff/villages/{code}/books/", query)


def row_of(html: str, voucher: str) -> str:
    start = html.index(f'id="entry-{voucher}"')
    return html[start:html.index("</tr>", start)]


def test_an_entry_signed_off_at_a_meeting_reads_reviewed_with_a_link_though_the_file_said_no(world, login, home):
    write_books(home, [entry("V001", reviewed=False), entry("V002", reviewed=False), entry("V003", reviewed=True)])
    client = login(world.hank)
    client.post(f"/staff/villages/{V1}/meetings/new/", {
        "held_on": timezone.localdate().isoformat(), "attendees": "张三", "vouchers": ["V001"]})
    meeting = Meeting.objects.get()
    html = books(client).content.decode()
    assert "已审核（民主理财）" in row_of(html, "V001") and f"/staff/villages/m/{meeting.id}/" in row_of(html, "V001")
    assert "已审核" not in row_of(html, "V002") and "否" in row_of(html, "V002")
    assert "是" in row_of(html, "V003") and "民主理财）" not in row_of(html, "V003")
    assert finance.signed_off_vouchers(world.v1) == {"V001": meeting.id}
    assert finance.signed_off_keys() == {f"{V1}/V001"}


def test_the_books_are_the_village_s_own_filtered_by_month_and_direction(world, login, home):
    month = last_month()
    earlier = add_months(month, -1)
    write_books(home, [entry("V001", day=month.replace(day=3)), entry("V002", day=month.replace(day=9), direction="收入"),
                       entry("V003", day=earlier.replace(day=9)), entry("W001", village=V2)])
    client = login(world.alice)
    html = books(client).content.decode()
    assert "共 3 笔" in html and "W001" not in html
    html = books(client, month=f"{month:%Y-%m}").content.decode()
    assert "共 2 笔" in html and 'id="entry-V003"' not in html
    html = books(client, month=f"{month:%Y-%m}", direction="收入").content.decode()
    assert "共 1 笔" in html and 'id="entry-V002"' in html and 'id="entry-V001"' not in html


def test_the_books_come_from_the_newest_import_that_holds_the_village(world, login, home):
    write_books(home, [entry("OLD1"), entry("W001", village=V2)])
    write_books(home, [entry("NEW1"), entry("NEW2")])  # a township's upload of this village only
    write_books(home, [entry("W002", village=V2)])  # then another village's
    html = books(login(world.hank)).content.decode()
    assert "共 2 笔" in html and "NEW1" in html and "OLD1" not in html and "（快照 2）" in html


def test_the_books_are_paginated_fifty_a_page(world, login, home):
    write_books(home, [entry(f"V{n:03d}", day=last_month().replace(day=1 + n % 28)) for n in range(55)])
    client = login(world.hank)
    first, second = books(client).content.decode(), books(client, page=2).content.decode()
    assert first.count('id="entry-') == 50 and second.count('id="entry-') == 5
    assert "第 2 / 2 页" in second
    assert books(client, page=9).content.decode().count('id="entry-') == 5  # past the end: the last page


def test_no_books_yet_is_said(world, login, home):
    assert 'id="no-books"' in books(login(world.hank)).content.decode()


def test_books_of_a_village_out_of_scope_are_404_and_a_department_gets_403(world, login, home):
    write_books(home, [entry("V001")])
    assert books(login(member_b(world))).status_code == 404
    assert books(login(world.bob)).status_code == 404
    assert books(login(world.gina)).status_code == 403
    assert books(login(world.frank)).status_code == 200
