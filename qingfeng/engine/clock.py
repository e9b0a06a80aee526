"""The county's calendar day and clock (Asia/Shanghai), whatever the server's own time zone.

The engine never imports Django, so it cannot use `timezone.localdate()`; this is the same day.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

COUNTY_TIME = ZoneInfo("Asia/Shanghai")


def today() -> date:
    return datetime.now(COUNTY_TIME).date()


def now() -> datetime:
    """Local wall-clock time without a zone, as the hub's TIMESTAMP columns store it."""
    return datetime.now(COUNTY_TIME).replace(tzinfo=None)
