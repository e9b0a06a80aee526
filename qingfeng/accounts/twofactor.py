"""Staff two-factor authentication: TOTP devices with single-use backup codes."""

import re
import secrets
from datetime import datetime

from django.conf import settings
from django_otp import devices_for_user, match_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


def required() -> bool:
    return settings.REQUIRE_2FA


def has_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="totp", confirmed=False)


def verify_token(user, token: str):
    """The device that accepts `token` (TOTP or backup code), or None."""
    return match_token(user, token.strip().replace(" ", ""))


def confirm(device: TOTPDevice, token: str) -> bool:
    """Mark a pending `device` confirmed when `token` is its current code."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def locked_until(devices) -> datetime | None:
    """When the last of `devices` locked by django-otp's throttle (too many wrong codes) unlocks."""
    ends = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed and details and details.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
            ends.append(details["locked_until"])
    return max(ends, default=None)


def devices_for_token(user, token: str) -> list:
    """The confirmed devices `token` looks meant for: TOTP for 6 digits, else the backup codes."""
    kind = TOTPDevice if re.fullmatch(r"\d{6}", token.strip().replace(" ", "")) else StaticDevice
    return [d for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)]


def new_backup_codes(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes
