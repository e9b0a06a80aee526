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
from qingfeng.villages.models import Disclosure, Meeting

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


# -- monthly meetings: recorded by the village's members, read by overseers in scope ---------------

def visible_meetings(user) -> QuerySet:
    require_viewer(user)
    return access.scope(user, Meeting.objects.select_related("village", "village__parent", "disclosure"),
                        "village__path")


def access_meeting_by_id(user, meeting_id: int) -> Meeting:
    return access.one_visible(visible_meetings(user), meeting_id)


def access_meeting_for_update(user, meeting_id: int) -> Meeting:
    """The meeting, locked, if `user` may change it (its village's member; None: the system)."""
    queryset = Meeting.objects.select_related("village") if user is None else visible_meetings(user)
    meeting = access.one_visible(queryset, meeting_id, for_update=True)
    if not can_publish(user, meeting.village):
        raise PermissionDenied
    return meeting


# -- the village's cross-check hits (R14–R18) as its committee sees them ---------------------------


def village_hit_clues(village: Jurisdiction) -> QuerySet:
    """The 大数据比对 clues made from the village finance rules' hits of `village`."""
    from django.db.models import Q

    from qingfeng.clues.models import Clue, Source
    from qingfeng.crosscheck.jobs import VILLAGE_RULES

    by_rule = Q()
    for rule in VILLAGE_RULES:
        by_rule |= Q(hit_key__startswith=f"{rule}:")
    return Clue.objects.filter(by_rule, source=Source.DATA, village=village)


def visible_village_hits(user, village: Jurisdiction) -> QuerySet:
    """The village finance hits of `village` that `user` may read.

    Overseers read them through the clue gatekeeper (qingfeng.clues.access.visible_clues):
    a hit they could not open on the clue pages is not shown here either. A committee
    member reads their own village's hits while the clue is handled within the village's
    township (its owner the township or below it): a clue taken up (提级办理), handed to
    another 片区 (交叉办理) or taken over by the county (直查直办) is handled away from the
    local level on purpose, and leaves the committee's view.
    """
    require_viewer(user)
    if not access.in_scope(user, village):
        raise Http404
    hits = village_hit_clues(village)
    if user.role == Role.VILLAGE:
        township = village.parent
        if township is None:
            return hits.none()
        return hits.filter(owner__path__startswith=township.path)
    from qingfeng.clues.access import visible_clues

    return visible_clues(user).filter(id__in=hits.values("id"))


def access_village_hit_by_id(user, village: Jurisdiction, clue_id: int):
    return access.one_visible(visible_village_hits(user, village), clue_id)
