"""`qingfeng inbox digest` computes each staff member's reminders and hands them to the channels."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from qingfeng.bulletins.reminders import reminders as bulletin_reminders
from qingfeng.clues import reminders as clue_reminders
from qingfeng.clues.models import Clue, Stage, State
from qingfeng.core import workdays
from qingfeng.inbox import channels, sources
from qingfeng.inbox.channels import Delivery
from qingfeng.inbox.models import SeenReminder

CALLS = []


class RecordingChannel:
    name = "recording"

    def send(self, user, reminders):
        CALLS.append((user.username, [(r.kind, r.title) for r in reminders]))
        return Delivery(True, "ok")


class FailingChannel:
    name = "broken_gateway"

    def send(self, user, reminders):
        if user.username == "alice":
            raise ConnectionError("gateway timed out")
        return Delivery(False, "no phone number") if user.username == "frank" else Delivery(True)


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    # The digest's handling of channels, on the ledger's sources alone (the other apps' have their own tests).
    monkeypatch.setattr(sources, "_SOURCES", [*clue_reminders.SOURCES, bulletin_reminders])
    CALLS.clear()
    workdays.forget()
    yield
    workdays.forget()


@pytest.fixture
def overdue(world, make_clue):
    """Alice's overdue clue; the administrator has seen the calendar reminders (the year's schedule may be missing)."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        SeenReminder.objects.create(user=world.admin, identity=f"calendar_unscheduled:{year}")
    clue = make_clue(world.t1, reporter="")
    Clue.objects.filter(pk=clue.pk).update(owner=world.t1, due_on=today - timedelta(days=1),
                                           state=State.IN_PROGRESS, stage=Stage.HANDLING)
    return Clue.objects.get(pk=clue.pk)


def _digest(*args):
    out = StringIO()
    call_command("inbox", "digest", *args, stdout=out)
    return out.getvalue()


def test_digest_hands_each_users_reminders_to_the_configured_channels(world, overdue, settings):
    settings.INBOX_CHANNELS = ["tests.web.test_inbox_digest.RecordingChannel", "qingfeng.inbox.channels.InAppChannel"]
    out = _digest()
    # Alice: the overdue T1 clue; Frank: last month's bulletin not issued. Nobody else has a reminder.
    assert [name for name, _r in CALLS] == ["alice", "frank"]
    alice = dict(CALLS)["alice"]
    assert alice == [("clue_deadline", alice[0][1])] and overdue.clue_no in alice[0][1]
    assert dict(CALLS)["frank"][0][0] == "bulletin_unissued"
    assert "2 users with reminders, 2 reminders" in out
    assert "recording: delivered to 2 users, failed for 0" in out
    assert "in_app: delivered to 2 users, failed for 0" in out


def test_the_default_is_the_in_app_channel_alone(world, overdue):
    assert [type(c) for c in channels.configured()] == [channels.InAppChannel]
    assert "in_app: delivered to 2 users" in _digest()


def test_a_seen_reminder_is_not_sent_again(world, overdue, settings):
    settings.INBOX_CHANNELS = ["tests.web.test_inbox_digest.RecordingChannel"]
    today = timezone.localdate()
    period = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    SeenReminder.objects.create(user=world.frank, identity=f"bulletin_unissued:{period}")
    _digest()
    assert [name for name, _r in CALLS] == ["alice"]


def test_a_failing_channel_is_reported_per_user_and_the_others_still_get_theirs(world, overdue, settings):
    settings.INBOX_CHANNELS = ["tests.web.test_inbox_digest.FailingChannel",
                               "tests.web.test_inbox_digest.RecordingChannel"]
    with pytest.raises(CommandError, match="not delivered"):
        _digest()
    assert [name for name, _r in CALLS] == ["alice", "frank"]


def test_digest_for_a_given_date(world, make_clue, settings):
    settings.INBOX_CHANNELS = ["tests.web.test_inbox_digest.RecordingChannel"]
    clue = make_clue(world.t2, reporter="")
    Clue.objects.filter(pk=clue.pk).update(owner=world.t2, due_on="2024-03-07", state=State.IN_PROGRESS,
                                           stage=Stage.HANDLING)
    out = _digest("--date", "2024-03-04")
    assert ("bob", [("clue_deadline", f"线索 {clue.clue_no} 将于 2024-03-07 到期，还有 3 个工作日")]) in CALLS
    assert out.startswith("2024-03-04: ")
    with pytest.raises(CommandError, match="not a date"):
        _digest("--date", "03/04")
