"""Quarters of the calendar year: the window a campaign's quarter covers."""

from datetime import date, timedelta


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_window(year: int, quarter: int) -> tuple[date, date]:
    """First and last day (inclusive) of `quarter` (1-4) of `year`."""
    first = date(year, 3 * (quarter - 1) + 1, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, following - timedelta(days=1)


def window_of(campaign) -> tuple[date, date] | None:
    """The campaign's quarter, or None when it has none (named by a ledger, not yet defined)."""
    if campaign.year is None or campaign.quarter is None:
        return None
    return quarter_window(campaign.year, campaign.quarter)
