"""The calendar of the two mechanisms (pure): the departments' monthly returns and the reviews' quarters.

A return reports the clues a department transferred in one calendar month and is due on the
20th of the following month (每月20日汇总); the platform summarises that month on that day.
"""

from datetime import date, timedelta

from qingfeng.cases.campaigns.periods import quarter_of, quarter_window  # noqa: F401 (re-exported)
from qingfeng.core.months import add_months

RETURN_DUE_DAY = 20
REMIND_FROM_DAY = 15


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    return add_months(month_of(month), 1) - timedelta(days=1)


def return_due(month: date) -> date:
    """The day the return of `month` is due: the 20th of the next month."""
    return add_months(month_of(month), 1).replace(day=RETURN_DUE_DAY)


def return_month_due(today: date) -> date:
    """The month whose return falls due this month (the previous calendar month)."""
    return add_months(month_of(today), -1)


def is_late(month: date, submitted_on: date) -> bool:
    return submitted_on > return_due(month)


def review_window(year: int, quarter: int, today: date) -> tuple[date, date]:
    """The quarter, cut at `today` while it runs (an indicator at a future day would guess)."""
    first, last = quarter_window(year, quarter)
    return first, min(last, today)


def parse_month(text: str | None) -> date | None:
    """"2026-03" → 2026-03-01; anything else None."""
    try:
        year, month = (text or "").split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None
