"""A villager on a phone (375 px, headless Chromium): from the village page, look up the household's
payments, report a problem, keep the receipt and follow the report with it."""

import pytest

from qingfeng.clues.models import Clue, Source
from tests.web.portal.lookup_data import ZHANG

pytestmark = pytest.mark.browser


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_a_villager_looks_up_reports_and_follows_on_a_phone(page, world, published):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(page.base_url + f"/v/{world.v1.code}/")
    assert "青山村" in page.inner_text("h1") and no_sideways_scroll(page)

    page.fill("#lookup-name", "张小三")  # the lookup form is on the village's page
    page.fill("#lookup-id", ZHANG)
    page.click(".lookup-form button[type=submit]")
    result = page.inner_text(".lookup-result")
    assert "合计 1550.40 元" in result and "数据截至 2019-04-30" in result
    assert "张*三" in result and "****1234" in result
    assert ZHANG not in page.content() and "张小三" not in result
    assert no_sideways_scroll(page) and "青山村" in page.inner_text(".lookup-village")

    page.goto(page.base_url + f"/v/{world.v1.code}/")  # and so is the report form, for this village
    page.fill("textarea[name=summary]", "低保金发到了别人的卡上")
    page.check("input[name=anonymous][value='1']")
    page.click("#report > button[type=submit]")
    receipt = page.inner_text("#receipt")
    assert len(receipt) == 16 and receipt.isdigit() and no_sideways_scroll(page)
    clue = Clue.objects.get(summary="低保金发到了别人的卡上")
    assert (clue.source, clue.channel, clue.village, clue.reporter) == (Source.PETITION, "网络", world.v1, None)

    page.goto(page.base_url + "/follow/")
    page.fill("input[name=receipt]", receipt)
    page.click("#follow > button[type=submit]")
    assert page.inner_text("#state") == "已受理"
    assert "低保金" not in page.inner_text("main")  # the clue's own text is never shown back
