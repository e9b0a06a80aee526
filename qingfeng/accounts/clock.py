"""Telling a user when a pause ends, as a local wall-clock time."""

from datetime import datetime, timedelta

from django.utils import timezone


def minute_after(moment: datetime) -> str:
    """HH:MM (Asia/Shanghai) of `moment` rounded up, so that trying at that minute works."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime("%H:%M")
