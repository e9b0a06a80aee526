"""Whom a form may name: team members, follow-up and problem owners, the clues a meeting discusses."""

import re

from django.db.models import Q, QuerySet

from qingfeng.accounts.models import Role, User
from qingfeng.clues.access import visible_clues
from qingfeng.collaboration.models import Meeting
from qingfeng.places.models import Jurisdiction

COMMISSION_ROLES = (Role.LEADERSHIP, Role.INTAKE, Role.CASE_HANDLER, Role.AREA_LEADER)
AREA_ROLES = (Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP)
JOINT_OWNER_ROLES = (Role.LEADERSHIP, Role.INTAKE, Role.DEPARTMENT, Role.AREA_LEADER)


def team_candidates(area: Jurisdiction) -> QuerySet:
    """The commission's county staff and the staff of the area and its townships (not village committees)."""
    return User.objects.filter(is_active=True).filter(
        Q(jurisdiction__path__startswith=area.path, role__in=AREA_ROLES)
        | Q(jurisdiction__level=Jurisdiction.Level.COUNTY, role__in=COMMISSION_ROLES)
    ).order_by("role", "username")


def owner_candidates(meeting_kind: str, area: Jurisdiction | None) -> QuerySet:
    """An area's task goes to its team (or, before the team is set up, to whoever could join it);
    a joint meeting's to the commission's county staff and the departments' liaisons."""
    if meeting_kind == Meeting.Kind.AREA:
        members = User.objects.filter(is_active=True, area_teams__area=area)
        return members.order_by("username") if members.exists() else team_candidates(area)
    return User.objects.filter(is_active=True, role__in=JOINT_OWNER_ROLES,
                               jurisdiction__level=Jurisdiction.Level.COUNTY).order_by("role", "username")


def meeting_clue_pool(user, meeting_kind: str, area: Jurisdiction | None) -> QuerySet:
    """The clues a meeting may discuss: those the recorder sees (the clues gatekeeper), of the area
    for an area meeting, the departments' transfers for a joint one."""
    clues = visible_clues(user)
    if meeting_kind == Meeting.Kind.AREA:
        return clues.filter(owner__path__startswith=area.path)
    return clues.filter(department__isnull=False)


def attached_clues(user, meeting: Meeting) -> tuple[list, list]:
    """A meeting's clues split for its editor: those in the editor's pool (shown on the form, the
    editor may drop them) and the others (hidden: the editor may not see them, they stay)."""
    attached = list(meeting.clues.order_by("clue_no"))
    in_pool = set(meeting_clue_pool(user, meeting.kind, meeting.area)
                  .filter(id__in=[c.id for c in attached]).values_list("id", flat=True))
    return [c for c in attached if c.id in in_pool], [c for c in attached if c.id not in in_pool]


def split_numbers(text: str) -> list[str]:
    """Clue numbers typed one a line or separated by commas, spaces or 、, in order, once each."""
    seen = []
    for part in re.split(r"[\s,，、;；]+", text or ""):
        if part and part not in seen:
            seen.append(part)
    return seen
