"""State changes of accounts, each audited."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user

from qingfeng.accounts import enrolment, twofactor
from qingfeng.accounts.models import ROLE_LEVEL, EnrolmentCode, User
from qingfeng.audit.trail import record, snapshot
from qingfeng.places.models import Department, Jurisdiction

AUDITED_FIELDS = ("username", "full_name", "role", "jurisdiction_id", "department_id", "is_active")


class AccountError(ValueError):
    pass


def do_create_user(
    *, acting_user, username: str, password: str, role: str, jurisdiction: Jurisdiction,
    full_name: str = "", department: Department | None = None,
) -> User:
    expected = ROLE_LEVEL.get(role)
    if expected is None:
        raise AccountError(f"unknown role {role!r}")
    if jurisdiction.level != expected:
        raise AccountError(f"role {role} needs a {expected} jurisdiction, not {jurisdiction.level} {jurisdiction.code}")
    user = User(username=username, full_name=full_name, role=role, jurisdiction=jurisdiction, department=department)
    try:
        # The model's own checks: username characters and uniqueness, no control characters in the name.
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise AccountError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())) from exc
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("password: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save()
        record(acting_user, "user.create", user, after=snapshot(user, AUDITED_FIELDS))
    return user


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once to the administrator, stored only hashed
    expires_at: datetime


def do_issue_enrolment_code(user: User, *, acting_user, reset_devices: bool = False) -> IssuedCode:
    """A fresh single-use enrolment code for `user`; earlier unused codes end.

    `reset_devices` removes the user's 2FA devices (a lost phone), so the code can bind a new one.
    """
    code = enrolment.new_code()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        now = timezone.now()
        ended = enrolment.live_codes(user).update(expires_at=now)
        removed = 0
        if reset_devices:
            for device in devices_for_user(user, confirmed=None):
                device.delete()
                removed += 1
        entry = EnrolmentCode.objects.create(user=user, code_hash=enrolment.hashed(code), expires_at=enrolment.expiry(),
                                             issued_by=acting_user if getattr(acting_user, "pk", None) else None)
        record(acting_user, "user.enrolment_code", user, after={
            "expires_at": entry.expires_at.isoformat(), "earlier_codes_ended": ended, "devices_removed": removed})
    return IssuedCode(code, entry.expires_at)


def do_enrol_device(user: User, *, code_id: int, device, token: str) -> list[str] | None:
    """Bind `device` with its first `token`, spending enrolment code `code_id`.

    Returns the new backup codes; None when the token is wrong. Raises AccountError when
    the code is no longer usable (used meanwhile, expired, replaced) or a device is bound.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        # Lock the code: two tabs confirming at once must not both spend it.
        code = enrolment.live_codes(user).select_for_update().filter(id=code_id).first()
        if code is None or twofactor.has_device(user):
            raise AccountError("enrolment code no longer valid")
        if not twofactor.confirm(device, token):
            return None
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        backup = twofactor.new_backup_codes(user)
        record(user, "user.2fa_enrol", user, after={"device": device.persistent_id, "enrolment_code": code.id})
    return backup
