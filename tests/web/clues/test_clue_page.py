"""The clue page, organised for work: facts, evidence, only the allowed actions, history."""

import re

import pytest

from qingfeng.clues import actions
from tests.conftest import browser_login
from tests.web.test_staff_navigation import crumbs


def _action_forms(html: str) -> list[str]:
    return re.findall(r'id="do-([a-z_]+)"', html)


def test_the_page_offers_only_the_actions_this_stage_allows_this_user(world, login, make_clue, advance):
    clue = make_clue()
    assert _action_forms(login(world.erin).get(f"/staff/clues/{clue.id}/").content.decode()) == ["propose"]
    clue = advance(clue, until="propose")
    html = login(world.carol).get(f"/staff/clues/{clue.id}/").content.decode()
    assert _action_forms(html) == ["approve", "reject"]  # the step forward first, and open
    assert re.search(r'<details id="action-approve" open>', html) and '<details id="action-reject">' in html
    assert _action_forms(login(world.alice).get(f"/staff/clues/{clue.id}/").content.decode()) == []


def test_the_page_shows_facts_actions_and_history_in_that_order(world, login, make_clue):
    html = login(world.erin).get(f"/staff/clues/{make_clue().id}/").content.decode()
    positions = [html.index(marker) for marker in ('id="facts"', 'id="actions"', 'id="timeline"')]
    assert positions == sorted(positions)
    assert crumbs(html) == ["工作台", "问题线索台账", re.search(r"XS\d+", html).group(0)]


def test_the_handler_is_shown_once_even_when_the_name_starts_with_the_unit(world, login, make_clue, advance):
    world.dave.full_name = "审查调查室 李明"
    world.dave.save(update_fields=["full_name"])
    clue = advance(make_clue(), until="approve")
    clue = actions.do_transition(clue.id, "assign", acting_user=world.carol, expected_version=clue.version,
                                 payload={"handler_unit": "审查调查室", "handler_id": world.dave.id,
                                          "handler_name": str(world.dave)})
    html = login(world.carol).get(f"/staff/clues/{clue.id}/").content.decode()
    assert re.search(r'<dd id="handler">审查调查室 李明</dd>', html)


def test_acknowledgement_is_offered_only_while_open_and_not_yet_recorded(world, login, make_clue, advance):
    erin = login(world.erin)
    clue = make_clue()
    assert 'id="acknowledge"' in erin.get(f"/staff/clues/{clue.id}/").content.decode()
    anonymous = make_clue(reporter="匿名")
    assert 'id="acknowledge"' not in erin.get(f"/staff/clues/{anonymous.id}/").content.decode()
    archived = advance(make_clue(), until="archive")
    assert 'id="acknowledge"' not in erin.get(f"/staff/clues/{archived.id}/").content.decode()


def test_acknowledging_an_archived_clue_is_refused_by_the_action(world, login, make_clue, advance):
    archived = advance(make_clue(), until="archive")
    page = login(world.erin).post(f"/staff/clues/{archived.id}/acknowledge/", {"version": archived.version},
                                  follow=True).content.decode()
    assert "只有未办结、尚未告知的实名线索才能记录受理告知" in page
    archived.refresh_from_db()
    assert archived.acknowledged_on is None


def test_a_second_acknowledgement_is_refused(world, make_clue):
    clue = actions.do_acknowledge(make_clue().id, acting_user=world.erin, expected_version=1)
    with pytest.raises(actions.ValidationError):
        actions.do_acknowledge(clue.id, acting_user=world.erin, expected_version=clue.version)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dates_show_as_year_month_day_in_every_language(world, login, make_clue, language):
    client = login(world.erin)
    client.cookies["django_language"] = language
    html = client.get(f"/staff/clues/{make_clue().id}/").content.decode()
    assert "<dd>2024-02-01</dd>" in html and "2024年" not in html and "Feb." not in html


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 375])
def test_the_allowed_action_is_visible_and_works_without_overflow(page, world, make_clue, advance, width):
    clue = advance(make_clue(summary="虚报冒领" * 300 + "http://example.org/" + "x" * 300), until="propose")
    page.set_viewport_size({"width": width, "height": 800})
    browser_login(page, "carol")
    page.goto(page.base_url + f"/staff/clues/{clue.id}/")
    assert _no_horizontal_overflow(page)
    assert page.is_visible("#do-approve button[type=submit]") and not page.is_visible("#do-reject")
    facts, actions_box = page.locator("#facts").bounding_box(), page.locator("#actions").bounding_box()
    if width == 1366:
        assert actions_box["x"] > facts["x"] + facts["width"] - 1  # beside the facts
    else:
        assert actions_box["y"] >= facts["y"] + facts["height"]  # below them, before the history
    page.click("#do-approve button[type=submit]")
    page.wait_for_selector("text=当前环节 待交办")
    assert _no_horizontal_overflow(page) and page.is_visible("#do-assign")


@pytest.mark.browser
def test_the_staff_menu_folds_behind_a_toggle_on_a_phone(page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    browser_login(page, "frank")
    page.goto(page.base_url + "/staff/")
    assert not page.is_visible("#staff-menu") and _no_horizontal_overflow(page)
    page.click("label[for=menu-toggle]")
    page.click("#staff-menu >> text=督办预警")
    page.wait_for_url("**/staff/clues/supervision/")
    assert _no_horizontal_overflow(page)
    page.set_viewport_size({"width": 1366, "height": 800})
    assert page.is_visible("#staff-menu") and not page.is_visible("label[for=menu-toggle]")
