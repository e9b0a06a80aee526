"""Months of disclosures: a month is its first day; it is due on the 10th of the next month."""

from datetime import date

from qingfeng.core.months import add_months

DUE_DAY = 10


def month_of(day: date) -> date:
    return day.replace(day=1)


def due_on(month: date) -> date:
    """The last day on which the month's N items count as published in time."""
    return add_months(month, 1).replace(day=DUE_DAY)


def recent_months(today: date, n: int) -> list[date]:
    """The `n` months up to and including today's, newest first."""
    this = month_of(today)
    return [add_months(this, -i) for i in range(n)]


def parse_month(text: str) -> date | None:
    """'2026-11' -> date(2026, 11, 1); anything else -> None."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None
