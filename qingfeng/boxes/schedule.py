"""When a box was last opened and which are overdue: a box not opened for more than
settings.BOX_OPENING_DAYS days (since its last opening, else since it was hung, else since
it was registered)."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce, TruncDate


def interval_days() -> int:
    return settings.BOX_OPENING_DAYS


def with_last_opening(boxes: QuerySet) -> QuerySet:
    return boxes.annotate(last_opened=Max("openings__opened_on")).annotate(
        since=Coalesce("last_opened", "installed_on", registered_on()))


def registered_on() -> TruncDate:
    """The day a box was registered, in the county (Asia/Shanghai), not the UTC date."""
    return TruncDate("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE))


def overdue(boxes: QuerySet, today: date) -> QuerySet:
    """Active boxes of `boxes` last opened (or hung) more than the interval before `today`."""
    return with_last_opening(boxes.filter(active=True)).filter(since__lt=today - timedelta(days=interval_days()))
