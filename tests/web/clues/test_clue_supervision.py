"""督办: warnings, notices, reassignment, the 清零 backlog, handled counts — and constant query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qingfeng.clues import actions
from qingfeng.clues.models import Clue
from qingfeng.core import workdays
from tests.web.api_schema import api_get

LIST_PAGES = ["/staff/clues/", "/api/clues?limit=100", "/staff/clues/backlog/", "/staff/clues/supervision/",
              "/staff/clues/staff/"]


def _assigned(world, make_clue, advance, due_on, **fields):
    clue = advance(make_clue(reporter="匿名", **fields), "approve")
    return actions.do_transition(clue.id, "assign", acting_user=world.carol, expected_version=clue.version,
                                 payload={"handler_unit": "组", "handler_id": world.dave.id, "handler_name": "Dave",
                                          "due_on": due_on}, today=date(2024, 3, 4))


def test_list_shows_yellow_and_red_badges_and_filters_by_them(world, login, make_clue, advance):
    today = timezone.localdate()
    soon = _assigned(world, make_clue, advance, workdays.add_working_days(today, 2), subject="临期人")
    late = _assigned(world, make_clue, advance, date(2024, 4, 1), subject="超期人")
    calm = _assigned(world, make_clue, advance, workdays.add_working_days(today, 10), subject="正常人")
    client = login(world.carol)
    page = client.get("/staff/clues/").content.decode()
    assert page.count('badge yellow') == 1 and page.count('badge red') == 1
    yellow = client.get("/staff/clues/?warning=yellow").content.decode()
    red = client.get("/staff/clues/?warning=red").content.decode()
    assert soon.clue_no in yellow and late.clue_no not in yellow and calm.clue_no not in yellow
    assert late.clue_no in red and soon.clue_no not in red
    api = {c["subject"]: c["warning"] for c in api_get(client, "/api/clues").json()["items"]}
    assert api == {"临期人": "yellow", "超期人": "red", "正常人": ""}


def test_unacknowledged_named_reporter_turns_red_after_15_working_days(world, login, make_clue):
    clue = make_clue(received_on=date(2024, 1, 2))
    client = login(world.erin)
    assert clue.clue_no in client.get("/staff/clues/supervision/").content.decode()
    client.post(f"/staff/clues/{clue.id}/acknowledge/", {"version": clue.version})
    clue.refresh_from_db()
    assert clue.acknowledged_on == timezone.localdate()
    assert clue.clue_no not in client.get("/staff/clues/supervision/").content.decode()


def test_supervision_notices_escalate_one_level_at_a_time(world, login, make_clue):
    clue = make_clue()
    client = login(world.frank)
    for _ in range(4):
        client.post(f"/staff/clues/{clue.id}/notice/", {"message": "请加快办理"})
    assert list(clue.notices.order_by("id").values_list("level", flat=True)) == [1, 2, 3, 3]
    assert "挂牌督办" in client.get("/staff/clues/supervision/").content.decode()
    login(world.alice).post(f"/staff/clues/{clue.id}/notice/", {"message": "x"})
    assert clue.notices.count() == 4


@pytest.mark.parametrize(("who", "mode", "target", "allowed"), [
    ("carol", "提级办理", "p1", True),       # township → own 片区
    ("carol", "提级办理", "county", False),  # an area leader cannot lift to the county
    ("frank", "提级办理", "county", True),
    ("carol", "交叉办理", "p2", False),
    ("frank", "交叉办理", "p2", True),
    ("frank", "交叉办理", "p1", False),      # its own 片区 is not "across"
    ("frank", "直查直办", "county", True),
    ("alice", "提级办理", "p1", False),
])
def test_reassignment_modes(world, login, make_clue, who, mode, target, allowed):
    clue = make_clue()
    client = login(getattr(world, who))
    response = client.post(f"/staff/clues/{clue.id}/reassign/", {"version": clue.version, "mode": mode,
                                                                 "target": getattr(world, target).code,
                                                                 "reason": "情况复杂"})
    clue.refresh_from_db()
    assert (clue.owner == getattr(world, target)) == allowed
    assert response.status_code in ((302,) if allowed else (302, 403))
    if allowed:
        assert clue.extra["办理方式"] == mode


def test_backlog_lists_open_clues_with_working_day_age_and_owner(world, login, make_clue, advance):
    old = make_clue(received_on=date(2024, 9, 27))
    done = advance(make_clue(), "close")
    rows = login(world.frank).get("/staff/clues/backlog/").content.decode()
    expected_age = workdays.working_days_between(date(2024, 9, 27), timezone.localdate())
    assert old.clue_no in rows and done.clue_no not in rows
    assert f'<td class="age">{expected_age}</td>' in rows and world.t1.name in rows


def test_handled_counts_are_for_leadership_not_township_officers(world, login, make_clue, advance):
    advance(make_clue(), "close")
    advance(make_clue(), "assign")
    page = login(world.frank).get("/staff/clues/staff/").content.decode()
    dave_row = page.split('data-user="dave"')[1].split("</tr>")[0]
    assert '<td class="handled">1</td>' in dave_row and '<td class="in-hand">1</td>' in dave_row
    assert login(world.alice).get("/staff/clues/staff/").status_code == 403
    assert login(world.alice).get("/staff/clues/backlog/").status_code == 403


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_use_a_constant_number_of_queries(world, login, make_clue, advance, url,
                                                     django_assert_num_queries):
    client = login(world.frank)
    first = advance(make_clue(), "assign")
    actions.do_issue_notice(first.id, acting_user=world.frank, message="督办")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for township in (world.t1, world.t2) * 5:
        clue = advance(make_clue(township, reporter="匿名"), "assign")
        actions.do_issue_notice(clue.id, acting_user=world.frank, message="督办")
    assert Clue.objects.count() == 11
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
