"""Every list page and API list runs the same number of queries for one row as for many."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qingfeng.clues import actions
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs.models import Job
from qingfeng.places.models import Household

# (url, who): county leadership sees every page; a township officer the pages of its role.
LISTS = [
    ("/staff/clues/", "frank"), ("/staff/clues/?warning=red", "frank"), ("/staff/clues/?q=王某", "alice"),
    ("/staff/clues/backlog/", "frank"), ("/staff/clues/backlog/?warning=yellow", "carol"),
    ("/staff/clues/supervision/", "frank"), ("/staff/clues/supervision/?owner=430821101", "carol"),
    ("/staff/clues/staff/", "frank"), ("/staff/crosscheck/", "frank"), ("/staff/jobs/", "frank"),
    ("/staff/jobs/", "alice"), ("/staff/households/", "frank"), ("/staff/reports/stats/", "frank"),
    ("/staff/reports/stats/", "alice"),
    ("/api/clues", "frank"), ("/api/clues?warning=red", "alice"), ("/api/households", "frank"),
    ("/api/jurisdictions", "frank"), ("/api/crosscheck/runs", "frank"),
]


def _assign(world, advance, clue, due_on):
    clue = advance(clue, "approve")
    return actions.do_transition(clue.id, "assign", acting_user=world.carol, expected_version=clue.version,
                                 payload={"handler_unit": "组", "handler_id": world.dave.id, "handler_name": "Dave",
                                          "due_on": due_on}, today=due_on - timedelta(days=30))


def _add_rows(world, make_clue, advance, groups: int, tag: str) -> None:
    """Groups of five clues — red, yellow, calm, closed, a confirmed repeat — each with a notice,
    and per group a household, a job and a cross-check run: every list has rows in every case."""
    today = timezone.localdate()
    for i in range(groups):
        township = (world.t1, world.t2)[i % 2]  # 片区 P1, where Carol approves
        red = make_clue(township, subject=f"王某{tag}{i}红")  # the named reporter was never told: red
        yellow = _assign(world, advance, make_clue(township, reporter="匿名", subject=f"王某{tag}{i}黄"),
                         today + timedelta(days=1))
        calm = _assign(world, advance, make_clue(township, reporter="匿名", subject=f"王某{tag}{i}平"),
                       today + timedelta(days=60))
        advance(make_clue(township, subject=f"王某{tag}{i}结"), "close")
        repeat = make_clue(township, subject=f"王某{tag}{i}重")
        actions.do_mark_repeat(repeat.id, acting_user=world.erin, original_id=red.id, expected_version=repeat.version)
        for clue in (red, yellow, calm, repeat):
            actions.do_issue_notice(clue.id, acting_user=world.frank, message="督办")
        Household.objects.create(household_no=f"H-{tag}-{i}", village=(world.v1, world.v2)[i % 2], head_name="户主")
        job = Job.objects.create(kind="crosscheck", status=Job.Status.DONE, started_by=world.alice)
        CrosscheckRun.objects.create(job=job, bundle_dir="/b", origin="command", started_by=world.frank)


@pytest.mark.parametrize(("url", "who"), LISTS)
def test_list_runs_a_constant_number_of_queries(world, login, make_clue, advance, url, who,
                                               django_assert_num_queries):
    client = login(getattr(world, who))
    _add_rows(world, make_clue, advance, 1, "a")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _add_rows(world, make_clue, advance, 12, "b")  # 60 clues: more than a page of 50
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(one.captured_queries)):
        second = "offset=50" if url.startswith("/api/") else "page=2"
        assert client.get(url + ("&" if "?" in url else "?") + second).status_code == 200


def test_the_fixture_reaches_beyond_one_page_and_has_every_colour(world, login, make_clue, advance):
    _add_rows(world, make_clue, advance, 12, "b")
    body = login(world.frank).get("/api/clues?limit=50").json()
    assert (len(body["items"]), body["count"]) == (50, 60)
    assert {c["warning"] for c in body["items"]} == {"red", "yellow", ""}
