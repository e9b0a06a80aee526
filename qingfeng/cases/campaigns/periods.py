"""The window a campaign's quarter covers (the quarter arithmetic is qingfeng.core.months)."""

from datetime import date

from qingfeng.core.months import quarter_window


def window_of(campaign) -> tuple[date, date] | None:
    """The campaign's quarter, or None when it has none (named by a ledger, not yet defined)."""
    if campaign.year is None or campaign.quarter is None:
        return None
    return quarter_window(campaign.year, campaign.quarter)
