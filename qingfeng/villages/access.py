"""Who may see and publish village disclosures, built on qingfeng.accounts.access.

A village committee member (Role.VILLAGE, jurisdiction = the village) publishes for
that village only; township officers, 片区 leaders, leadership and the administrator
oversee the villages in their jurisdiction. Out of scope is 404, wrong role 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.places.models import Jurisdiction
from qingfeng.villages.models import Disclosure

OVERSEERS = {Role.TOWNSHIP, Role.AREA_LEADER, Role.LEADERSHIP, Role.ADMIN}
L = Jurisdiction.Level


def can_oversee(user) -> bool:
    return access.is_staff(user) and user.role in OVERSEERS


def can_publish(user, village: Jurisdiction) -> bool:
    """Only the village's own committee members (the system, acting_user None, too)."""
    if user is None:
        return True
    return user.role == Role.VILLAGE and user.jurisdiction_id == village.id


def require_viewer(user):
    access.require_staff(user)
    if user.role not in OVERSEERS | {Role.VILLAGE}:
        raise PermissionDenied
    return user


def access_village_by_code(user, code: str) -> Jurisdiction:
    require_viewer(user)
    village = access.access_jurisdiction_by_code(user, code)
    if village.level != L.VILLAGE:
        raise Http404
    return village


def access_township_by_code(user, code: str) -> Jurisdiction:
    if not can_oversee(user):
        raise PermissionDenied
    township = access.access_jurisdiction_by_code(user, code)
    if township.level != L.TOWNSHIP:
        raise Http404
    return township


def visible_townships(user) -> QuerySet:
    if not can_oversee(user):
        raise PermissionDenied
    return access.visible_jurisdictions(user).filter(level=L.TOWNSHIP)


def visible_disclosures(user) -> QuerySet:
    require_viewer(user)
    return access.scope(user, Disclosure.objects.select_related("village"), "village__path")


def access_disclosure_by_id(user, disclosure_id: int, *, for_update: bool = False) -> Disclosure:
    return access.one_visible(visible_disclosures(user), disclosure_id, for_update=for_update)


def access_disclosure_for_update(user, disclosure_id: int) -> Disclosure:
    """The disclosure, locked, if `user` may correct it (its village's member; None is the system)."""
    if user is None:
        return access.one_visible(Disclosure.objects.select_related("village"), disclosure_id, for_update=True)
    disclosure = access_disclosure_by_id(user, disclosure_id, for_update=True)
    if not can_publish(user, disclosure.village):
        raise PermissionDenied
    return disclosure
