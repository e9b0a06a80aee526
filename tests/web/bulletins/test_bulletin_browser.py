"""The real UI in Chromium: leadership drafts June 2018, edits a case, approves, issues with
one name masked, and the case appears on the public 曝光台 as chosen."""

import pytest

from qingfeng.bulletins.models import Bulletin
from tests.conftest import browser_login


@pytest.mark.browser
def test_draft_edit_approve_issue_and_see_it_on_the_exposure_page(page, june):
    browser_login(page, "frank")
    page.goto(page.base_url + "/staff/bulletins/")
    page.fill("#draft-form input[name=month]", "2018-06")
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#items")
    assert "给予其党内警告、政务记过处分" in page.inner_text("#items")
    bulletin = Bulletin.objects.get()
    qian, wang = bulletin.items.all()

    page.click("#edit-link")
    page.fill(f"textarea[name='item-{qian.id}-facts']", "钱丁在低保评审中优亲厚友，违规为亲属办理低保。")
    page.click("#edit-form button[type=submit]")
    page.wait_for_selector("#approve-form")
    assert "钱丁在低保评审中优亲厚友" in page.inner_text("#items")

    page.click("#approve-form button[type=submit]")
    page.wait_for_selector("#issue-form")
    assert page.inner_text("#bulletin-status") == "已审定"
    page.check(f"#shown-{wang.id} input[value=masked]")
    page.check(f"#shown-{qian.id} input[value=full]")
    page.click("#issue-form button[type=submit]")
    page.wait_for_selector("#document-no")
    assert page.inner_text("#document-no").startswith("慈纪通〔")
    assert "不能再修改" in page.content() and page.locator("#edit-link").count() == 0

    page.goto(page.base_url + "/")
    page.click("text=曝光台")
    page.wait_for_selector("section[id^=month-2018-6]")
    listing = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert "钱丁" in listing and "王*" in listing and "王甲" not in listing
    page.click("text=王*")
    page.wait_for_selector("#case")
    assert "王*虚报冒领危房改造补助资金8000元" in page.inner_text("#case-facts")
    assert "XS20180001" not in page.content() and "王甲" not in page.content()
