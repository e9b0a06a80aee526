"""A public report's fields (the API's JSON or the page's form) as do_submit_report's arguments.

Both ways in share this, so the page and the API refuse the same things with the same
field names (portal.md §2: name, contact, township, village, subject, subject_post,
category, summary, anonymous).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qingfeng.portal.reports.places import UnknownPlace, resolve

# The actions' argument names that differ from the public field names.
PUBLIC_FIELD = {"reporter_name": "name", "reporter_contact": "contact"}


def action_kwargs(data: dict) -> dict:
    """Raises ValidationError keyed by public field names (township, village, name)."""
    try:
        township, village = resolve(data.get("township") or "", data.get("village") or "")
    except UnknownPlace as exc:
        raise ValidationError({exc.field: exc.reason}) from None
    anonymous = bool(data.get("anonymous"))
    name = "" if anonymous else (data.get("name") or "").strip()
    if not anonymous and not name:
        raise ValidationError({"name": _("实名举报请填写姓名；不愿留名请选择匿名举报。")})
    return {
        "township": township, "village": village, "subject": (data.get("subject") or "").strip(),
        "subject_post": (data.get("subject_post") or "").strip(), "category": data.get("category") or "",
        "summary": (data.get("summary") or "").strip(), "reporter_name": name,
        "reporter_contact": "" if anonymous else (data.get("contact") or "").strip(),
    }
