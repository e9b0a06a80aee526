"""The real UI in Chromium: a case is filed from the clue page and a sanction recorded on it."""

import pytest

from qingfeng.cases.models import Case, Measure
from tests.conftest import browser_login


def _start_measure(page, clue, kind: str) -> None:
    """On the clue page, the persons-handled form opened for 王某 (a party member) and `kind` chosen."""
    page.goto(page.base_url + f"/staff/clues/{clue.id}/")
    page.click("#add-measure")
    page.fill("#measure-form input[name=name]", "王某")
    page.select_option("#measure-form select[name=party_member]", "中共党员")
    page.select_option("#measure-form select[name=kind]", kind)


def _submit_measure(page, *, recovered: str) -> None:
    """The form finished (decided on 2024-03-10) and sent; back on the clue page with its persons handled."""
    page.fill("#measure-form input[name=decided_on]", "2024-03-10")
    page.fill("#measure-form input[name=recovered]", recovered)
    page.click("#measure-form button[type=submit]")
    page.wait_for_selector("#measures")


@pytest.mark.browser
def test_a_case_is_filed_and_a_sanction_recorded_on_the_clue_page(page, world, case_clue):
    clue = case_clue()
    browser_login(page, "dave")
    page.goto(page.base_url + f"/staff/clues/{clue.id}/")
    page.fill("#file-case input[name=filed_on]", "2024-03-05")
    page.click("#file-case button[type=submit]")
    page.wait_for_selector("#case-stage")
    assert "AJ20240001" in page.inner_text("h1")

    _start_measure(page, clue, "党纪处分")
    # Only the chosen kind's measures are offered (the script hides the other kinds' groups).
    offered = page.eval_on_selector_all("#measure-form select[name=measure] optgroup:not([hidden]) option",
                                        "options => options.map(o => o.value)")
    assert offered == ["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍"]
    assert page.is_hidden("#measure-form select[name=probation_months]")
    page.select_option("#measure-form select[name=measure]", "留党察看")
    page.select_option("#measure-form select[name=probation_months]", "24")
    _submit_measure(page, recovered="1200.50")
    row = page.inner_text("#measures tbody tr")
    assert "留党察看" in row and "第三种" in row and "影响期至 2026-03-10" in row and "察看期24个月" in row
    assert Case.objects.get().case_no == "AJ20240001"
    item = Measure.objects.get()
    assert (item.kind, item.measure, item.probation_months, item.form) == ("党纪处分", "留党察看", 24, 3)
    clue.refresh_from_db()
    assert (clue.case_filed, clue.persons_sanctioned, str(clue.recovered)) == (True, 1, "1200.50")


@pytest.mark.browser
def test_a_sanction_recorded_in_the_browser_shows_in_its_campaigns_results(page, world, case_clue):
    from qingfeng.cases.campaigns.actions import do_create_campaign

    campaign = do_create_campaign(acting_user=world.frank, name="危房改造和易地搬迁", year=2024, quarter=1)
    clue = case_clue(campaign=campaign)
    browser_login(page, "dave")
    _start_measure(page, clue, "政务处分")
    page.select_option("#measure-form select[name=measure]", "记过")
    _submit_measure(page, recovered="3000")
    assert "影响期至 2025-03-10" in page.inner_text("#measures tbody tr")

    page.context.clear_cookies()
    browser_login(page, "frank")
    page.goto(page.base_url + f"/staff/campaigns/{campaign.id}/")
    quarter = {key: page.inner_text(f"#results tr[data-key={key}] td.in-quarter")
               for key in ("clues_received", "gov_sanctions", "form_2", "party_sanctions")}
    # Received 2024-02-01 and sanctioned 2024-03-10: both inside 2024Q1; the clue is not closed yet.
    assert quarter == {"clues_received": "1", "gov_sanctions": "1", "form_2": "1", "party_sanctions": "0"}
    assert page.inner_text("#results tr[data-key=gov_sanctions] td.all-time") == "1"
