"""Login throttling.

Failures are counted per (username, IP): an attacker guessing a password is
stopped, but cannot lock the real user out from elsewhere. A username attacked
from many addresses is paused only briefly (BROAD_LOCK_SECONDS), so the real
user waits a minute at most.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from qingfeng.accounts.models import LoginAttempt

BROAD_FACTOR = 4  # failures from any address, as a multiple of the per-address limit
BROAD_LOCK_SECONDS = 60


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def seconds_locked(username: str, ip: str | None) -> int:
    """Seconds until `username` may try again from `ip`; 0 when not locked."""
    now = timezone.now()
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginAttempt.objects.filter(username=username.lower(), at__gte=now - timedelta(seconds=settings.LOGIN_LOCK_SECONDS))
    same_ip = list(recent.filter(ip=ip).order_by("-at").values_list("at", flat=True)[:limit])
    if len(same_ip) >= limit:
        return _remaining(same_ip[limit - 1], settings.LOGIN_LOCK_SECONDS, now)
    broad = list(recent.order_by("-at").values_list("at", flat=True)[: limit * BROAD_FACTOR])
    if len(broad) >= limit * BROAD_FACTOR:
        return _remaining(broad[0], BROAD_LOCK_SECONDS, now)
    return 0


def _remaining(since, lock_seconds: int, now) -> int:
    return max(0, int((since + timedelta(seconds=lock_seconds) - now).total_seconds()) + 1)


def record_failure(username: str, ip: str | None) -> None:
    LoginAttempt.objects.create(username=username.lower(), ip=ip)


def clear_failures(username: str, ip: str | None) -> None:
    LoginAttempt.objects.filter(username=username.lower(), ip=ip).delete()
