"""Months of disclosures: a month is its first day; it is due on the 10th of the next month.

The general month arithmetic is qingfeng.core.months; only the villages' due day is here.
"""

from datetime import date

from qingfeng.core.months import add_months, month_of, parse_month, recent_months

__all__ = ["DUE_DAY", "due_on", "month_of", "parse_month", "recent_months"]

DUE_DAY = 10


def due_on(month: date) -> date:
    """The last day on which the month's N items count as published in time."""
    return add_months(month, 1).replace(day=DUE_DAY)
