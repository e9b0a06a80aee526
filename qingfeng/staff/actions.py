"""Audited state changes on the household register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.audit.trail import record, snapshot
from qingfeng.core.versioning import check_version, save_changes
from qingfeng.places.models import Household

NOTE_MAX_LENGTH = Household._meta.get_field("note").max_length


def do_update_household_note(household_id: int, *, acting_user, note: str, expected_version: int):
    if not access.can_edit_household(acting_user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(_("备注最多 %(limit)s 字，现为 %(length)s 字，请删减后重新提交。") % {
            "limit": NOTE_MAX_LENGTH, "length": len(note)})
    with transaction.atomic():
        household = check_version(access.access_household_by_id(acting_user, household_id, for_update=True),
                                  expected_version)
        before = snapshot(household, ["note", "version"])
        save_changes(household, {"note": note})
        record(acting_user, "household.note", household, before=before, after=snapshot(household, ["note", "version"]))
    return household
