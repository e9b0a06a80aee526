"""In Chromium: leadership defines a quarter's campaign, tags a closed clue from the clue list
and reads its sanction in the campaign's results."""

from datetime import date

import pytest

from tests.conftest import browser_login

from .campaign_support import clue


@pytest.mark.browser
def test_leadership_defines_a_campaign_tags_a_clue_and_sees_its_results(page, world):
    closed = clue(world, world.t1, date(2024, 2, 1), filed_on=date(2024, 2, 10), closed_on=date(2024, 3, 5),
                  persons_sanctioned=1, recovered="25000", returned="5000")
    browser_login(page, "frank")

    page.goto(page.base_url + "/staff/campaigns/new/")
    page.fill("input[name=name]", "危房改造和易地搬迁")
    page.select_option("select[name=year]", "2024")
    page.select_option("select[name=quarter]", "1")
    page.check("input[name=rules][value=R03]")
    page.click("#campaign-form button[type=submit]")
    assert page.locator("h1").inner_text() == "危房改造和易地搬迁"

    page.goto(page.base_url + "/staff/clues/")
    page.check(f"input[name=clue][value='{closed.id}']")
    page.click("#campaign-tagging summary")
    page.select_option("#campaign-tagging select[name=campaign]", label="危房改造和易地搬迁")
    page.click("#campaign-tagging button")
    assert "已关联 1 件线索" in page.locator(".messages").inner_text()

    page.goto(page.base_url + "/staff/campaigns/")
    page.click("text=危房改造和易地搬迁")
    assert "给予党纪政务处分 1 人" in page.locator("#results-sentence").inner_text()
    assert "追缴 2.50 万元，退还群众 0.50 万元" in page.locator("#results-sentence").inner_text()
    assert page.locator("#results tr[data-key=persons_sanctioned] td.in-quarter").inner_text() == "1"
