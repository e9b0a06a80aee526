"""The inbox's one change: a user marks a reminder as seen.

Not audited, by choice (docs/inbox.md): the mark is the user's own reading state — no
protected record changes, nobody else's view changes — and it would fill the audit chain
with clicks. It goes through this action all the same (one transaction, idempotent).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.inbox.models import SeenReminder
from qingfeng.inbox.service import can_dismiss


def do_mark_seen(reminders, identity: str, *, acting_user) -> SeenReminder:
    """Mark the reminder `identity` of the user's current `reminders` as seen (only an undated one)."""
    if not access.is_staff(acting_user):
        raise PermissionDenied
    reminder = next((r for r in reminders if r.identity == identity), None)
    if reminder is None:
        raise ValidationError({"identity": _("这条提醒已不在待办中。")})
    if not can_dismiss(reminder):
        raise ValidationError({"identity": _("有期限的提醒在办结前一直保留，不能标为已读。")})
    with transaction.atomic():
        mark, _created = SeenReminder.objects.get_or_create(user=acting_user, identity=identity)
    return mark
