"""Working-day arithmetic on the Chinese calendar (法定节假日 and 调休 workdays).

Where a day's status comes from, first match wins:

1. the county's own calendar (qingfeng.core.models.CalendarDay), kept by an
   administrator (the 工作日历 page): a listed day is a holiday or a make-up working day;
2. a year the county loaded as a whole (CalendarYear): every other day of it is a
   working day from Monday to Friday — the package is not consulted for that year;
3. the `chinese_calendar` package, for the years it knows (up to 2026 in 1.11);
4. Monday–Friday: the best guess for a year nobody has published yet
   (`has_schedule(year)` is False, and the clue page and the inbox say so).

"Due within WARN_WORKING_DAYS working days, or overdue" is one rule everywhere: `warning()`
for one date in Python, `due_soon_q(field, today)` for a query (the clue lists, the inbox
sources of clues, inspections and area work), both on `warning_horizon(today)`.

The county's table is read once per process and kept; each request checks its
version (one indexed read of a Counter row, the first time a request asks about a
day) and re-reads the table only when an administrator changed it. Each year's days
are decided once into a byte table (`_year_flags`), so the hot path — `is_workday`
on a day — is a flag test and one byte (bench/calendar_days.py).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from django.core.signals import request_started
from django.db.models import Q

WARN_WORKING_DAYS = 3  # yellow warning this many working days before the due date
VERSION_KEY = "calendar.version"  # qingfeng.core.models.Counter: raised by every change of the county's calendar


@dataclass(frozen=True)
class _Table:
    version: int
    days: dict  # date -> True (a working day) / False (a holiday)
    loaded: frozenset  # years loaded as a whole


_state = {"table": None, "check": True}


def _recheck(**_kwargs) -> None:
    _state["check"] = True


request_started.connect(_recheck, dispatch_uid="qingfeng.core.workdays.recheck")


def forget() -> None:
    """Re-read the county's calendar at the next use (called by every change of it, and by tests)."""
    _state["table"], _state["check"] = None, True
    _year_flags.cache_clear()
    _year_prefix.cache_clear()
    _horizon.cache_clear()


def _read_version() -> int:
    from qingfeng.core.models import Counter

    return Counter.objects.filter(key=VERSION_KEY).values_list("value", flat=True).first() or 0


def _county_table() -> _Table:
    table = _state["table"]
    if table is not None and not _state["check"]:
        return table
    version = _read_version()
    if table is None or table.version != version:
        from qingfeng.core.models import CalendarDay, CalendarYear

        days = {day: kind == CalendarDay.WORKDAY for day, kind in CalendarDay.objects.values_list("day", "kind")}
        table = _Table(version, days, frozenset(CalendarYear.objects.values_list("year", flat=True)))
        _year_flags.cache_clear()
        _year_prefix.cache_clear()
        _state["table"] = table
    _state["check"] = False
    return table


def version() -> int:
    """The version of the county's calendar in use (caches keyed on a calendar result include it)."""
    return _county_table().version


@lru_cache(maxsize=256)
def package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def _decide(day: date, table: _Table) -> bool:
    """A day's status by the rules of the module docstring (slow: once per day and calendar version)."""
    listed = table.days.get(day)
    if listed is not None:
        return listed
    if day.year not in table.loaded and package_covers(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


@lru_cache(maxsize=256)
def _year_flags(year: int) -> bytes:
    """flags[k] = 1 if the k-th day (0-based) of `year` is a working day; cleared when the calendar changes."""
    table, first = _county_table(), date(year, 1, 1)
    return bytes(_decide(first + timedelta(days=k), table) for k in range((date(year + 1, 1, 1) - first).days))


def is_workday(day: date) -> bool:
    if _state["check"] or _state["table"] is None:
        _county_table()
    return _year_flags(day.year)[day.toordinal() - _first_ordinal(day.year)] == 1


@lru_cache(maxsize=256)
def _first_ordinal(year: int) -> int:
    return date(year, 1, 1).toordinal()


def has_schedule(year: int) -> bool:
    """Whether `year`'s official schedule is known (loaded by the county, or in the package)."""
    return year in _county_table().loaded or package_covers(year)


def unscheduled_years(*days: date | None) -> list[int]:
    """The years of `days` (None ignored) whose schedule is not known, in order."""
    return sorted({d.year for d in days if d is not None and not has_schedule(d.year)})


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
    counts = [0]
    for flag in _year_flags(year):
        counts.append(counts[-1] + flag)
    return tuple(counts)


def _workdays_through(day: date, base_year: int) -> int:
    """Working days from 1 January of `base_year` through `day` (inclusive)."""
    total = sum(_year_prefix(y)[-1] for y in range(base_year, day.year))
    return total + _year_prefix(day.year)[day.timetuple().tm_yday]


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    _county_table()  # the year tables below are cached: revalidate them first
    return _workdays_through(end, start.year) - _workdays_through(start, start.year)


def warning(due_on: date | None, today: date, *, open_: bool = True) -> str:
    """'red' when overdue, 'yellow' within WARN_WORKING_DAYS working days of the due date, else ''."""
    if not open_ or due_on is None:
        return ""
    if today > due_on:
        return "red"
    if working_days_between(today, due_on) <= WARN_WORKING_DAYS:
        return "yellow"
    return ""


def warning_horizon(today: date) -> date:
    """The last date that is still within WARN_WORKING_DAYS working days of `today`.

    `warning()` counts the working days in (today, due]; that count stays ≤ N up to
    the day before the (N+1)-th working day, weekends and holidays after the N-th
    working day included. So `warning(due, today)` is non-empty exactly when
    `due <= warning_horizon(today)`.
    """
    return _horizon(today, version())


@lru_cache(maxsize=8)  # one calendar walk per day and calendar version, however many queries use it
def _horizon(today: date, _calendar_version: int) -> date:
    return add_working_days(today, WARN_WORKING_DAYS + 1) - timedelta(days=1)


def due_soon_q(field: str, today: date) -> Q:
    """Rows whose date `field` is within WARN_WORKING_DAYS working days of `today`, or past it
    (yellow or red by `warning()`): one date comparison the database does."""
    return Q(**{f"{field}__lte": warning_horizon(today)})
