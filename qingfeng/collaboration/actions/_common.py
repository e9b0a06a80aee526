"""What the collaboration actions share: today, the area check, the locked row."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core.versioning import Conflict, check_version
from qingfeng.places.models import Jurisdiction


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def ensure_area(area: Jurisdiction) -> None:
    if area.level != Jurisdiction.Level.AREA:
        raise ValidationError({"area": _("只有片区才有片区协作。")})


def locked(access_by_id, permitted, object_id: int, acting_user, expected_version: int):
    """The row `access_by_id(user, id, for_update=True)` gives (404 outside the user's scope),
    `permitted(user, row)` or 403, at the version the user saw (an edit needs one: none is a Conflict)."""
    row = access_by_id(acting_user, object_id, for_update=True)
    if not permitted(acting_user, row):
        raise PermissionDenied
    if expected_version is None:
        raise Conflict(row.version)
    return check_version(row, expected_version)
