"""The staff header menu (one list per role, from the same registry as the home cards) and breadcrumbs."""

import re

from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs import queue


def _menu(html: str) -> list[str]:
    block = re.search(r'<nav class="staff-menu".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', block)


def _cards(html: str) -> list[str]:
    return re.findall(r'<a class="card" href="[^"]+"><h3>([^<]+)</h3>', html)


def test_each_role_gets_a_menu_of_what_it_can_do(world, login):
    erin = _menu(login(world.erin).get("/staff/").content.decode())
    assert erin[0] == "工作台" and "登记线索" in erin and "问题线索台账" in erin

    alice = _menu(login(world.alice).get("/staff/").content.decode())
    assert "问题线索台账" in alice and "登记线索" not in alice and "清零台账" not in alice

    frank = _menu(login(world.frank).get("/staff/").content.decode())
    assert {"清零台账", "督办预警", "办件统计", "大数据比对"} <= set(frank)


def test_the_menu_and_the_home_cards_list_the_same_pages(world, login):
    for user in (world.erin, world.alice, world.frank, world.gina):
        html = login(user).get("/staff/").content.decode()
        assert _menu(html)[1:] == _cards(html), user.username


def test_the_menu_is_on_every_staff_page_and_marks_the_current_one(world, login):
    html = login(world.erin).get("/staff/clues/new/").content.decode()
    assert "问题线索台账" in _menu(html)
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    assert current == ["/staff/clues/new/"]  # not the clue list, although its address is a prefix


def test_visitors_of_the_public_portal_see_no_staff_menu(world, client):
    assert 'class="staff-menu"' not in client.get("/").content.decode()


def crumbs(html: str) -> list[str]:
    block = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)]


def test_household_detail_has_breadcrumbs_back_to_the_register(world, login):
    html = login(world.alice).get(f"/staff/households/{world.h1.id}/").content.decode()
    assert crumbs(html) == ["工作台", "建档立卡户", "H-T1-001"]


def test_crosscheck_run_and_its_job_have_breadcrumbs(world, login):
    job = queue.enqueue("crosscheck", {}, world.frank)
    run = CrosscheckRun.objects.create(job=job, bundle_dir="/tmp/b", label="二季度比对", origin="command",
                                       started_by=world.frank)
    client = login(world.frank)
    assert crumbs(client.get(f"/staff/crosscheck/runs/{run.id}/").content.decode()) == [
        "工作台", "大数据比对", "二季度比对"]
    assert crumbs(client.get(f"/staff/jobs/{job.id}/").content.decode()) == ["工作台", "后台任务", "大数据比对"]
