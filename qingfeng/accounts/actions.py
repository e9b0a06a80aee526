"""State changes of accounts, each audited."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from qingfeng.accounts.models import ROLE_LEVEL, User
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
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("password: " + " ".join(exc.messages)) from exc
    with transaction.atomic():
        user = User(username=username, full_name=full_name, role=role, jurisdiction=jurisdiction, department=department)
        user.set_password(password)
        user.save()
        record(acting_user, "user.create", user, after=snapshot(user, AUDITED_FIELDS))
    return user
