"""A user's inbox: every registered source's reminders, less the undated ones the user has seen.

One computation per request (`for_request` keeps it on the request): the header count,
the home panel and the inbox page all read the same result.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from qingfeng.accounts import access
from qingfeng.core import workdays
from qingfeng.inbox.models import SeenReminder
from qingfeng.inbox.sources import Reminder, reminders_for


@dataclass(frozen=True)
class Inbox:
    reminders: list[Reminder] = field(default_factory=list)
    seen_hidden: int = 0  # undated reminders left out because the user has seen them

    @property
    def total(self) -> int:
        return len(self.reminders)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.reminders if r.overdue)

    @property
    def unscheduled_years(self) -> list[int]:
        """Years of the reminders' dates with no official holiday schedule (deadlines counted Mon–Fri)."""
        return workdays.unscheduled_years(*(r.due for r in self.reminders))


EMPTY = Inbox()


def can_dismiss(reminder: Reminder) -> bool:
    """Only an undated reminder leaves the inbox when seen; a dated one stays until resolved."""
    return reminder.due is None


def inbox_for(user, today: date) -> Inbox:
    """The reminders `user` sees on `today`: the sources' queries and at most one for the seen marks."""
    if not access.is_staff(user):
        return EMPTY
    found = reminders_for(user, today)
    undated = {r.identity for r in found if can_dismiss(r)}
    seen = set()
    if undated:
        seen = set(SeenReminder.objects.filter(user=user, identity__in=undated).values_list("identity", flat=True))
    shown = [r for r in found if not (can_dismiss(r) and r.identity in seen)]
    return Inbox(shown, len(found) - len(shown))


def for_request(request) -> Inbox:
    """The inbox of the request's user, computed once per request."""
    cached = getattr(request, "_qingfeng_inbox", None)
    if cached is None:
        cached = inbox_for(request.user, timezone.localdate())
        request._qingfeng_inbox = cached
    return cached


def forget(request) -> None:
    """After a change of the user's marks within the request (the page shows the new state)."""
    request.__dict__.pop("_qingfeng_inbox", None)
