"""The due-day rules of the two mechanisms (pure): the departments' monthly returns and the
reviews' quarters. Month and quarter arithmetic: qingfeng.core.months.

A return reports the clues a department transferred in one calendar month and is due on the
20th of the following month (每月20日汇总); the platform summarises that month on that day. A
return may be filed for a month once it has ended, and for the RETURN_MONTHS months before the
current one (the months its page offers); older months are closed.
"""

from datetime import date

from qingfeng.core.months import add_months, month_of, quarter_window

RETURN_DUE_DAY = 20
REMIND_FROM_DAY = 15
RETURN_MONTHS = 12


def return_due(month: date) -> date:
    """The day the return of `month` is due: the 20th of the next month."""
    return add_months(month_of(month), 1).replace(day=RETURN_DUE_DAY)


def return_month_due(today: date) -> date:
    """The month whose return falls due this month (the previous calendar month)."""
    return add_months(month_of(today), -1)


def return_months(today: date) -> list[date]:
    """The months a return may be filed or revised for, newest first: the RETURN_MONTHS months
    before today's (today's month has not ended; its transfers are not all in yet)."""
    this = month_of(today)
    return [add_months(this, -n) for n in range(1, RETURN_MONTHS + 1)]


def is_late(month: date, submitted_on: date) -> bool:
    return submitted_on > return_due(month)


def review_window(year: int, quarter: int, today: date) -> tuple[date, date]:
    """The quarter, cut at `today` while it runs (an indicator at a future day would guess)."""
    first, last = quarter_window(year, quarter)
    return first, min(last, today)
