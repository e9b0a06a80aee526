"""What needs a staff member: each app registers a source of reminders (in AppConfig.ready()).

Like qingfeng.staff.panels, so that the inbox never imports another app's models: a source
takes the user and today's date and returns the `Reminder`s for that user (none for roles it
has nothing for). The inbox page, the home panel and the header count all read `reminders_for`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Reminder:
    kind: str  # a stable slug per source and sort of reminder, e.g. "deadline_soon", "dept_monthly_list"
    title: str  # Chinese UI text (already translated), e.g. "线索 CL2026-0012 将于 3 个工作日内到期"
    url: str  # where the user acts on it
    due: date | None = None  # the date it is about, if any (a deadline, a meeting day)
    overdue: bool = False  # past its date: shown first, counted in red
    key: str = ""  # what tells two reminders of one kind apart when `url` does not (a notice's id, a period)

    @property
    def identity(self) -> str:
        """Stable across requests while the reminder is the same: what a "seen" mark is stored under."""
        return f"{self.kind}:{self.key or self.url}"[:200]


Source = Callable[[object, date], list[Reminder]]
_SOURCES: list[Source] = []


def register(source: Source) -> Source:
    """Register `source(user, today) -> list[Reminder]`; usable as a decorator. Registering twice is harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def reminders_for(user, today: date) -> list[Reminder]:
    """Overdue first, then by date (undated last), each source's order kept otherwise."""
    found = [r for source in _SOURCES for r in source(user, today)]
    return sorted(found, key=lambda r: (not r.overdue, r.due is None, r.due or date.max))
