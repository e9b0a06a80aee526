"""Login throttling.

Failures are counted per (username, IP): an attacker guessing a password is
stopped, but cannot lock the real user out from elsewhere. A username attacked
from many addresses is paused only briefly (BROAD_LOCK_SECONDS), so the real
user waits a minute at most.

Password spraying — one common password tried over many usernames, each only
once or twice — slips under a per-username limit, so an address that failed for
LOGIN_ADDRESS_LIMIT different usernames within LOGIN_ADDRESS_WINDOW_SECONDS is
paused until enough of those failures leave the window. One office behind one
address shares the limit; it counts usernames, not attempts, so a colleague
mistyping their own password twice counts once.
"""

import ipaddress
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from qingfeng.accounts.models import LoginAttempt

BROAD_FACTOR = 4  # failures from any address, as a multiple of the per-address limit
BROAD_LOCK_SECONDS = 60


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a proxy the address the proxy saw.

    nginx appends the address it saw to X-Forwarded-For ($proxy_add_x_forwarded_for),
    so only the last entry is trustworthy; whatever the client sent comes before it.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if _is_address(forwarded):
            return forwarded
    remote = request.META.get("REMOTE_ADDR")
    return remote if _is_address(remote) else None


def _is_address(text: str | None) -> bool:
    try:
        ipaddress.ip_address(text or "")
    except ValueError:
        return False
    return True


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


def address_locked_until(ip: str | None) -> datetime | None:
    """When `ip` may try again after failing for too many usernames; None when it may now."""
    if ip is None:
        return None
    window = timedelta(seconds=settings.LOGIN_ADDRESS_WINDOW_SECONDS)
    limit = settings.LOGIN_ADDRESS_LIMIT
    latest = list(
        LoginAttempt.objects.filter(ip=ip, at__gte=timezone.now() - window)
        .values("username").annotate(last=Max("at")).order_by("-last").values_list("last", flat=True)[:limit]
    )
    if len(latest) < limit:
        return None
    # Once the limit-th most recent username's last failure leaves the window, fewer than
    # `limit` usernames remain in it.
    return latest[limit - 1] + window


def _remaining(since, lock_seconds: int, now) -> int:
    return max(0, int((since + timedelta(seconds=lock_seconds) - now).total_seconds()) + 1)


def record_failure(username: str, ip: str | None) -> None:
    LoginAttempt.objects.create(username=username.lower(), ip=ip)


def clear_failures(username: str, ip: str | None) -> None:
    LoginAttempt.objects.filter(username=username.lower(), ip=ip).delete()
