"""End to end in headless Chromium: a staff member logs in and sees the staff home."""

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_staff_member_logs_in_and_sees_own_jurisdiction(page, world):
    page.goto(page.base_url + "/")
    assert "清风" in page.title()
    page.click("text=工作人员登录")
    browser_login(page, "alice")
    page.wait_for_url("**/staff/")
    facts = page.inner_text("#my-jurisdiction")
    assert "广福桥镇" in facts and "乡镇纪委" in facts
    assert "东岳观镇" not in page.content()


def test_wrong_password_shows_an_error_in_the_page(page, world):
    browser_login(page, "alice", "not-the-password")
    assert "用户名或密码错误" in page.inner_text("form.stack")
    assert "/accounts/login/" in page.url


def test_the_public_home_fits_a_phone_screen(page, world):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(page.base_url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
