"""Length checks of free text for the actions: the API and commands never pass through a form.

The limits themselves are the model fields' `max_length`; an over-long value is refused
with a message instead of being stored (and copied into the audit log) or failing in the
database (PostgreSQL refuses an over-long varchar with an error page).
"""

from django.utils.translation import gettext as _

from qingfeng.clues.models import Clue, Reporter, SupervisionNotice

# Keyword argument (or payload key) → the model field that stores it.
INTAKE = {
    "reporter_name": (Reporter, "name"), "reporter_contact": (Reporter, "contact"),
    "subject": (Clue, "subject"), "subject_post": (Clue, "subject_post"), "category": (Clue, "category"),
    "summary": (Clue, "summary"), "note": (Clue, "note"),
}
TRANSITION = {
    "reason": (Clue, "proposal_reason"), "result": (Clue, "result"),
    "handler_unit": (Clue, "handler_unit"), "handler_name": (Clue, "handler_name"),
}
NOTICE = {"message": (SupervisionNotice, "message")}
REASSIGN = {"reason": (Clue, "proposal_reason")}  # kept in the audit entry only, limited like a reason


def too_long(fields: dict, values: dict) -> dict[str, str]:
    """Name → message for each value longer than its field allows."""
    errors = {}
    for name, (model, field_name) in fields.items():
        value = values.get(name)
        limit = model._meta.get_field(field_name).max_length
        if isinstance(value, str) and limit and len(value) > limit:
            errors[name] = _("%(field)s最多 %(limit)s 字，现为 %(length)s 字，请删减后重新提交。") % {
                "field": model._meta.get_field(field_name).verbose_name, "limit": limit, "length": len(value)}
    return errors
