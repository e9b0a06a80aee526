"""Who may see and change report boxes, built on qingfeng.accounts.access (market-day points:
qingfeng.places.markets, with the same roles).

信访室 and leadership (`KEEPERS`) keep the register and record openings (each item becomes a
clue, which only the clue-registering roles may do). Township officers and 片区 leaders read
the boxes of their jurisdiction (a township officer
may be one of the two staff at an opening); the administrator reads all. Other roles: 403;
out of scope: 404.
"""

from django.db.models import QuerySet

from qingfeng.accounts import access
from qingfeng.accounts.models import Role, User
from qingfeng.boxes.models import BoxOpening, ReportBox
# The same people keep (and read) the boxes as the market-day points.
from qingfeng.places.markets import KEEPERS, READERS, is_keeper, require_keeper, require_reader  # noqa: F401  (boxes.access is their gatekeeper too)


WITNESS_ROLES = {Role.INTAKE, Role.LEADERSHIP, Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP}


def visible_boxes(user) -> QuerySet:
    require_reader(user)
    return access.scope(user, ReportBox.objects.select_related("place", "place__parent"), "place__path")


def access_box_by_id(user, box_id: int, *, for_update: bool = False) -> ReportBox:
    return access.one_visible(visible_boxes(user), box_id, for_update=for_update)


def visible_openings(user) -> QuerySet:
    return BoxOpening.objects.select_related("box", "box__place", "witness_1", "witness_2").filter(
        box__in=visible_boxes(user).values("id"))


def access_opening_by_id(user, opening_id: int) -> BoxOpening:
    return access.one_visible(visible_openings(user), opening_id)


def possible_witnesses(box: ReportBox) -> QuerySet:
    """Active staff whose jurisdiction covers the box's place (the county's, the 片区's, the township's)."""
    places = [j.id for j in box.place.ancestors()] + [box.place_id]
    return User.objects.filter(is_active=True, role__in=WITNESS_ROLES, jurisdiction_id__in=places).order_by("id")
