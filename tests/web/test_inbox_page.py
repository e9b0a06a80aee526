"""The inbox through HTTP: the page, the header counts, the home panel, marking seen, query bounds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qingfeng.clues import reminders as clue_reminders
from qingfeng.clues.models import Clue, Stage, State
from qingfeng.core import workdays
from qingfeng.inbox.models import SeenReminder

INBOX = "/staff/inbox/"


@pytest.fixture(autouse=True)
def _fresh_calendar():
    workdays.forget()
    yield
    workdays.forget()


def _due(make_clue, township, due_on, **fields):
    clue = make_clue(township, reporter="")
    Clue.objects.filter(pk=clue.pk).update(owner=township, due_on=due_on, state=State.IN_PROGRESS,
                                           stage=Stage.HANDLING, **fields)
    return Clue.objects.get(pk=clue.pk)


@pytest.fixture
def today():
    return timezone.localdate()


def test_inbox_page_lists_own_deadlines_and_header_counts_them(world, login, make_clue, today):
    late = _due(make_clue, world.t1, today - timedelta(days=1))
    soon = _due(make_clue, world.t1, today)
    other = _due(make_clue, world.t2, today - timedelta(days=1))
    page = login(world.alice).get(INBOX).content.decode()
    assert late.clue_no in page and soon.clue_no in page
    assert other.clue_no not in page
    assert 'id="inbox-count"' in page
    assert "待办 2" in page and "逾期 1" in page


def test_header_count_shows_on_every_staff_page_and_links_to_the_inbox(world, login, make_clue, today):
    _due(make_clue, world.t2, today - timedelta(days=3))
    page = login(world.bob).get(reverse("clues:list")).content.decode()
    assert f'<a href="{INBOX}" id="inbox-count"' in page
    assert "待办 1" in page and "逾期 1" in page


def test_home_panel_shows_the_first_reminders(world, login, make_clue, today):
    clues = [_due(make_clue, world.t1, today - timedelta(days=i + 1)) for i in range(7)]
    page = login(world.alice).get(reverse("staff:home")).content.decode()
    assert 'id="inbox-panel"' in page
    panel = page.split('id="inbox-panel"')[1].split("</section>")[0]
    shown = sorted((panel.index(c.clue_no), c.clue_no) for c in clues if c.clue_no in panel)
    assert [no for _at, no in shown] == [c.clue_no for c in clues[::-1][:5]]  # PANEL_ROWS, the oldest first
    assert "查看全部（另有 2 条）" in page


def test_no_panel_without_reminders(world, login):
    page = login(world.alice).get(reverse("staff:home")).content.decode()
    assert 'id="inbox-panel"' not in page
    assert "待办 0" in page


def test_an_undated_reminder_marked_seen_leaves_the_inbox(world, login, today):
    client = login(world.frank)  # last month's bulletin is not issued: an undated reminder
    page = client.get(INBOX).content.decode()
    assert "上月典型案例通报尚未印发" in page
    identity = f"bulletin_unissued:{(today.replace(day=1) - timedelta(days=1)).strftime('%Y-%m')}"
    response = client.post(INBOX, {"identity": identity})
    assert response.status_code == 302
    assert SeenReminder.objects.filter(user=world.frank, identity=identity).count() == 1
    page = client.get(INBOX).content.decode()
    assert "上月典型案例通报尚未印发" not in page
    assert "另有 1 条已读提醒未列出" in page
    assert SeenReminder.objects.filter(user=world.alice).count() == 0  # Frank's mark is his own


def test_a_deadline_cannot_be_marked_seen(world, login, make_clue, today):
    clue = _due(make_clue, world.t1, today - timedelta(days=1))
    client = login(world.alice)
    response = client.post(INBOX, {"identity": f"clue_deadline:/staff/clues/{clue.id}/"}, follow=True)
    page = response.content.decode()
    assert "有期限的提醒在办结前一直保留" in page
    assert clue.clue_no in page
    assert not SeenReminder.objects.exists()


def test_marking_another_users_reminder_is_refused(world, login, make_clue, today):
    clue = _due(make_clue, world.t2, today - timedelta(days=1))
    response = login(world.alice).post(INBOX, {"identity": f"clue_deadline:/staff/clues/{clue.id}/"}, follow=True)
    assert "这条提醒已不在待办中" in response.content.decode()
    assert not SeenReminder.objects.exists()


def test_inbox_needs_a_staff_login(client, world):
    assert client.get(INBOX).status_code == 302


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["alice", "erin", "frank", "carol"])
def test_header_count_runs_a_bounded_number_of_queries(world, login, make_clue, today, who):
    client = login(getattr(world, who))
    url = reverse("clues:list")
    _due(make_clue, world.t1, today - timedelta(days=1), leader=world.frank)
    _queries(client, url)  # the first request of the process reads the working-day calendar
    one = _queries(client, url)
    for i in range(12):
        _due(make_clue, world.t1 if i % 2 else world.county, today - timedelta(days=i), leader=world.frank)
    assert _queries(client, url) == one  # the count does not grow with the reminders
    # The clues' share (qingfeng.clues.reminders): one query per source, two for the intake office's
    # deadlines (办理时限 and 受理告知).
    with CaptureQueriesContext(connection) as computed:
        for source in clue_reminders.SOURCES:
            source(getattr(world, who), today)
    assert len(computed) <= len(clue_reminders.SOURCES) + (who == "erin")
