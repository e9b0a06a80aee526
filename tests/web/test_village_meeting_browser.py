"""End to end in headless Chromium: a committee member records the monthly meeting, ticks an
entry of the village's books for 民主理财 sign-off, publishes it, and the books read 已审核."""

import pytest
from django.utils import timezone

from qingfeng.villages.models import Disclosure, Meeting
from tests.conftest import browser_login

from .village_support import V1, default_items, entry, last_month, write_books

pytestmark = pytest.mark.browser


def test_a_committee_member_records_a_monthly_meeting_with_a_finance_sign_off(page, world, home):
    default_items()
    write_books(home, [entry("V001", amount="6000.00", memo="修路材料款"), entry("V002", amount="450.00")])
    browser_login(page, "hank")
    page.wait_for_url("**/staff/")
    page.click("text=月例会")
    page.click("#record-meeting")
    page.select_option("select[name=books_month]", f"{last_month():%Y-%m}")
    page.click("#books-month-form button")
    assert "修路材料款" in page.inner_text("#candidates")
    page.fill("input[name=held_on]", timezone.localdate().isoformat())
    page.fill("input[name=attendees]", "张三 李四")
    page.fill("textarea[name=topics]", "村民反映路灯不亮。")
    page.fill("textarea[name=decisions]", "本月修好路灯。")
    page.check("input[name=vouchers][value=V001]")
    page.click("#meeting-form button[type=submit]")
    assert "6000.00" in page.inner_text("#reviewed")
    page.click("#publish-meeting button")
    assert "已公开" in page.inner_text("#published")
    meeting = Meeting.objects.get()
    assert list(meeting.entries.values_list("voucher_no", flat=True)) == ["V001"]
    assert Disclosure.objects.get().item.key == "monthly_meeting"
    page.goto(page.base_url + f"/staff/villages/{V1}/books/")
    assert "已审核（民主理财）" in page.inner_text("#entry-V001")
    assert "已审核" not in page.inner_text("#entry-V002")
