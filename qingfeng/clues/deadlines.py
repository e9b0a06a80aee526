"""Working-day arithmetic on the Chinese calendar (法定节假日 and 调休 workdays).

`chinese_calendar` knows the State Council's schedule year by year; for a year it
does not know yet we fall back to Monday–Friday, which is the best guess until the
schedule is published (and the package updated).
"""

from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

ACK_WORKING_DAYS = 15  # a named reporter is told of receipt within 15 working days
WARN_WORKING_DAYS = 3  # yellow warning this many working days before the due date


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself is not counted)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    while n:
        day += timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


@lru_cache(maxsize=64)
def _year_prefix(year: int) -> tuple[int, ...]:
    """prefix[k] = working days among the first k days of `year`."""
    first, counts = date(year, 1, 1), [0]
    for k in range((date(year + 1, 1, 1) - first).days):
        counts.append(counts[-1] + is_workday(first + timedelta(days=k)))
    return tuple(counts)


def _workdays_through(day: date, base_year: int) -> int:
    """Working days from 1 January of `base_year` through `day` (inclusive)."""
    total = sum(_year_prefix(y)[-1] for y in range(base_year, day.year))
    return total + _year_prefix(day.year)[day.timetuple().tm_yday]


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    return _workdays_through(end, start.year) - _workdays_through(start, start.year)


def ack_due(received_on: date) -> date:
    return add_working_days(received_on, ACK_WORKING_DAYS)


def warning(due_on: date | None, today: date, *, open_: bool = True) -> str:
    """'red' when overdue, 'yellow' within WARN_WORKING_DAYS working days of the due date, else ''."""
    if not open_ or due_on is None:
        return ""
    if today > due_on:
        return "red"
    if working_days_between(today, due_on) <= WARN_WORKING_DAYS:
        return "yellow"
    return ""
