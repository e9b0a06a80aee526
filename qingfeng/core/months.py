"""Calendar months and quarters (pure). A month is its first day (date(2026, 11, 1)); a quarter is
(year, 1–4). Each app's due-day rules stay in its own module (collaboration/periods.py,
villages/months.py); the general arithmetic is here."""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months; a day the target month lacks (the 31st) becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_of(day: date) -> date:
    """The month `day` lies in (its first day)."""
    return day.replace(day=1)


def month_end(month: date) -> date:
    """The last day of the month `month` lies in."""
    return add_months(month_of(month), 1) - timedelta(days=1)


def parse_month(text: str | None) -> date | None:
    """'2026-11' -> date(2026, 11, 1); anything else (None, '2026-13', 'x') -> None."""
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None


def recent_months(today: date, n: int) -> list[date]:
    """The `n` months up to and including today's, newest first."""
    this = month_of(today)
    return [add_months(this, -i) for i in range(n)]


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1–4) of `day`."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_window(year: int, quarter: int) -> tuple[date, date]:
    """First and last day (inclusive) of `quarter` (1–4) of `year`."""
    first = date(year, 3 * (quarter - 1) + 1, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, following - timedelta(days=1)
