"""Enrolment codes: what lets a user bind their 2FA device.

Without one, whoever first logs in with a user's password (a stolen one included)
would bind their own phone. An administrator issues a code (`qingfeng createuser`
prints one, `qingfeng enrolment-code USER` a fresh one) and hands it over in person
or by a trusted channel; it works once, for that user, for CODE_HOURS.
The codes are random (12 characters of 32: 60 bits), so guessing online is hopeless;
the database keeps only a salted hash.
"""

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from qingfeng.accounts.models import EnrolmentCode

CODE_HOURS = 72
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
GROUPS, GROUP_LENGTH = 3, 4


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(raw[i:i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def normalise(typed: str) -> str:
    """What the user typed, as issued: case, spaces and dashes do not matter."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())
    return "-".join(raw[i:i + GROUP_LENGTH] for i in range(0, len(raw), GROUP_LENGTH))


def hashed(code: str) -> str:
    return make_password(normalise(code))


def live_codes(user):
    """The user's codes that may still be used (normally at most one)."""
    return EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())


def find_live(user, typed: str) -> EnrolmentCode | None:
    code = normalise(typed)
    return next((c for c in live_codes(user) if check_password(code, c.code_hash)), None)


def expiry():
    return timezone.now() + timedelta(hours=CODE_HOURS)


def describe(username: str, code: str, expires_at) -> str:
    """What the administrator's command prints."""
    ends = timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")
    return (f"2FA enrolment code for {username}: {code} "
            f"(single use, valid {CODE_HOURS} hours, until {ends}; hand it over in person)")
