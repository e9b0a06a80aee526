"""The real UI in Chromium: a phone petition is registered and closed out."""

import pytest

from qingfeng.clues.models import Clue
from tests.conftest import browser_login


@pytest.mark.browser
def test_phone_petition_is_registered_and_closed_out_in_the_browser(page, world):
    browser_login(page, "erin")
    page.goto(page.base_url + "/staff/clues/new/?channel=电话")
    assert page.input_value("select[name=channel]") == "电话"
    page.fill("input[name=reporter_name]", "张举报")
    page.fill("input[name=reporter_contact]", "13900001111")
    page.fill("input[name=subject]", "王某")
    page.select_option("select[name=township]", world.t1.code)
    page.select_option("select[name=category]", "虚报冒领")
    page.fill("textarea[name=summary]", "电话反映王某虚报冒领低保金")
    page.click("#intake > button[type=submit]")
    page.wait_for_selector("#stage")
    assert "已登记线索" in page.content()

    page.select_option("#do-propose select[name=disposal]", "谈话函询")
    page.fill("#do-propose textarea[name=reason]", "先行谈话")
    page.click("#do-propose button[type=submit]")
    page.wait_for_selector("text=当前环节 待审批")

    page.context.clear_cookies()
    browser_login(page, "carol")
    clue = Clue.objects.get()
    page.goto(page.base_url + f"/staff/clues/{clue.id}/")
    page.click("#do-approve button[type=submit]")
    page.fill("#do-assign input[name=handler_unit]", "第一片区")
    page.select_option("#do-assign select[name=handler]", str(world.dave.id))
    page.click("#do-assign button[type=submit]")
    page.wait_for_selector("text=当前环节 办理中")
    page.fill("#do-record_result textarea[name=result]", "谈话后如实说明，予以批评教育")
    page.fill("#do-record_result input[name=first_form]", "1")
    page.click("#do-record_result button[type=submit]")
    for item in ("investigated", "dealt_with", "fed_back", "file_complete", "educated"):
        page.check(f"#do-close input[name={item}]")
    page.click("#do-close button[type=submit]")
    page.wait_for_selector("text=当前环节 已办结")
    assert "已办结" in page.inner_text("#stage")

    clue.refresh_from_db()
    assert (clue.channel, clue.state, clue.first_form, clue.handler) == ("电话", "已办结", 1, world.dave)
