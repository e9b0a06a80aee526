"""Staff two-factor authentication: TOTP devices with single-use backup codes."""

import secrets

from django.conf import settings
from django_otp import devices_for_user, match_token
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


def confirm_enrolment(user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a first token; returns fresh backup codes, or None if wrong."""
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(user)


def new_backup_codes(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    static.token_set.all().delete()
    codes = [secrets.token_hex(4) for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    return codes
