"""Length checks of free text: the API and commands never pass through a form.

The limits themselves are the model fields' `max_length`; an over-long value is refused
with a message instead of being stored (and copied into the audit log) or failing in the
database (PostgreSQL refuses an over-long varchar with an error page). The checks of a
clue's values as a whole, which use this one, are qingfeng.clues.validation.
"""

from django.utils.translation import gettext as _


def length_error(model, field_name: str, value) -> str | None:
    """The message for a text longer than the model field allows, or None."""
    field = model._meta.get_field(field_name)
    limit = field.max_length
    if isinstance(value, str) and limit and len(value) > limit:
        return _("%(field)s最多 %(limit)s 字，现为 %(length)s 字，请删减后重新提交。") % {
            "field": field.verbose_name, "limit": limit, "length": len(value)}
    return None
