"""The real pages in Chromium on a phone-sized window: report, keep the receipt, follow, get an answer."""

import pytest

from qingfeng.clues.models import Clue
from tests.conftest import browser_login


@pytest.mark.browser
def test_a_villager_reports_on_a_phone_and_reads_the_staff_answer(page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + "/report/")
    assert page.locator("#pick-township").is_hidden()  # the script filters villages itself
    page.select_option("select[name=township]", world.t3.code)
    assert page.locator("select[name=village] option").all_inner_texts() == ["—", "石门村"]
    page.select_option("select[name=village]", world.v3.code)
    page.fill("textarea[name=summary]", "村干部把我家的补贴领走了")
    page.check("input[name=anonymous][value='1']")
    page.click("#report > button[type=submit]")
    receipt = page.inner_text("#receipt")
    assert len(receipt) == 16 and receipt.isdigit()
    clue = Clue.objects.get()
    assert (clue.village, clue.reporter) == (world.v3, None)

    page.goto(page.base_url + "/follow/")
    page.fill("input[name=receipt]", receipt)
    page.click("#follow > button[type=submit]")
    assert page.inner_text("#state") == "已受理"
    page.fill("textarea[name=text]", "补充：还有两户也被领走")
    page.click("#message > button[type=submit]")
    page.wait_for_selector("#sent")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, "ivan")  # leads 片区 P2, which holds 江垭镇
    page.goto(page.base_url + f"/staff/clues/{clue.id}/")
    assert "补充：还有两户也被领走" in page.inner_text("#public-messages")
    page.click("#action-public-message summary")
    page.fill("#public-message-text", "已收到，正在核实。")
    page.click("#public-message button[type=submit]")
    page.wait_for_selector("text=已给举报人留言")

    page.context.clear_cookies()
    page.goto(page.base_url + "/follow/")
    page.fill("input[name=receipt]", receipt)
    page.click("#follow > button[type=submit]")
    assert "工作人员：已收到，正在核实。" in page.inner_text("#conversation")


@pytest.mark.browser
def test_choosing_a_village_first_sets_its_township(page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(page.base_url + "/report/")
    labels = page.locator("select[name=village] option").all_inner_texts()
    assert f"{world.t3.name} · 石门村" in labels and len(labels) > 2  # every village, under its township
    page.select_option("select[name=village]", world.v3.code)
    assert page.eval_on_selector("select[name=township]", "e => e.value") == world.t3.code
    assert page.locator("select[name=village] option").all_inner_texts() == ["—", "石门村"]
    assert page.eval_on_selector("select[name=village]", "e => e.value") == world.v3.code
