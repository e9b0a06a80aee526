"""The intake form: 问题类别 must be chosen; the village picker lists the chosen township's villages."""

import re

import pytest

from qingfeng.clues.models import Clue
from tests.conftest import browser_login

FILLED = {"received_on": "2024-06-03", "source": "上级交办", "subject": "王某", "summary": "虚报冒领低保金"}


def _village_options(html: str) -> list[str]:
    select = re.search(r'<select name="village".*?</select>', html, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def test_the_category_starts_empty_and_must_be_chosen(world, login):
    client = login(world.erin)
    form = client.get("/staff/clues/new/").content.decode()
    category = re.search(r'<select name="category".*?</select>', form, re.S).group(0)
    assert re.search(r'<option value="" selected>', category) and "虚报冒领\" selected" not in category

    refused = client.post("/staff/clues/new/", dict(FILLED, township=world.t1.code))
    assert refused.status_code == 200 and not Clue.objects.exists()
    assert re.search(r'id="id_category_error".*?这个字段是必填项', refused.content.decode(), re.S)

    client.post("/staff/clues/new/", dict(FILLED, township=world.t1.code, category="优亲厚友"))
    assert Clue.objects.get().category == "优亲厚友"


def test_without_a_township_no_villages_are_offered(world, login):
    assert _village_options(login(world.erin).get("/staff/clues/new/").content.decode()) == []


def test_choosing_a_township_without_javascript_lists_its_villages_and_keeps_the_input(world, login):
    response = login(world.erin).post("/staff/clues/new/", dict(FILLED, township=world.t1.code, pick_township="1"))
    html = response.content.decode()
    assert response.status_code == 200 and not Clue.objects.exists()
    assert _village_options(html) == [world.v1.code, world.v1b.code]
    assert 'value="王某"' in html and "虚报冒领低保金" in html
    assert "errorlist" not in html  # only re-rendered, not checked


def test_a_village_outside_the_chosen_township_is_still_refused(world, login):
    html = login(world.erin).post("/staff/clues/new/", dict(
        FILLED, township=world.t1.code, village=world.v3.code, category="其他")).content.decode()
    assert "所属村不在所属乡镇内" in html and not Clue.objects.exists()


@pytest.mark.browser
def test_the_village_list_follows_the_township_in_the_browser_without_a_round_trip(page, world):
    browser_login(page, "erin")
    page.goto(page.base_url + "/staff/clues/new/")
    assert not page.is_visible("#pick-township")  # the script does the button's job
    villages = "select[name=village] option"
    # No township yet: every village, under its township's name (choosing one sets the township).
    assert f"{world.t3.name} · 石门村" in page.eval_on_selector_all(villages, "os => os.map(o => o.textContent)")

    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.select_option("select[name=township]", world.t1.code)
    assert page.eval_on_selector_all(villages, "os => os.map(o => o.textContent)")[1:] == ["青山村", "枫林村"]
    page.select_option("select[name=township]", world.t3.code)
    assert page.eval_on_selector_all(villages, "os => os.map(o => o.textContent)")[1:] == ["石门村"]
    assert requests == []

    page.select_option("select[name=village]", world.v3.code)
    page.select_option("select[name=source]", "上级交办")
    page.select_option("select[name=category]", "违规收费")
    page.fill("textarea[name=summary]", "石门村违规收费")
    page.click("#intake > button[type=submit]")
    page.wait_for_selector("#stage")
    assert Clue.objects.get().village == world.v3
