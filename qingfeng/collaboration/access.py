"""Who may see and run the area work and the departments' returns, built on qingfeng.accounts.access.

片区协作: an area leader (Role.AREA_LEADER, jurisdiction = the area) runs their area; the
area's case handlers and township officers read it (a township officer the area their
township lies in); leadership and the administrator read every area. 联动联办: department
liaisons submit their own department's returns and see the results of its transfers;
leadership, the intake office and the administrator see the summary of all departments and
record the joint meetings. Out of scope is 404, wrong role 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.collaboration.models import (
    FollowUp,
    Meeting,
    MonthlyReturn,
    Problem,
    Review,
)
from qingfeng.places.models import Jurisdiction

AREA_READERS = {Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP, Role.LEADERSHIP, Role.ADMIN}
# Drafts of a review are the reviewer's and the commission's, not yet the townships'.
DRAFT_READERS = {Role.AREA_LEADER, Role.LEADERSHIP, Role.ADMIN}
OVERVIEW_READERS = {Role.LEADERSHIP, Role.ADMIN}
TRANSFER_OVERSEERS = {Role.LEADERSHIP, Role.INTAKE, Role.ADMIN}
JOINT_RECORDERS = {Role.LEADERSHIP, Role.INTAKE, Role.ADMIN}
JOINT_READERS = JOINT_RECORDERS | {Role.DEPARTMENT}
L = Jurisdiction.Level


# --- areas -------------------------------------------------------------------------------------

def require_area_reader(user):
    return access.require_role(user, *AREA_READERS)


def visible_areas(user) -> QuerySet:
    """The areas below the user's jurisdiction, or the one their township or village lies in."""
    require_area_reader(user)
    root = access.root_path(user)
    parts = root.strip("/").split("/")
    above = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts))]
    return Jurisdiction.objects.filter(level=L.AREA).filter(Q(path__startswith=root) | Q(path__in=above))


def access_area_by_code(user, code: str) -> Jurisdiction:
    try:
        return visible_areas(user).get(code=code)
    except Jurisdiction.DoesNotExist:
        raise Http404 from None


def can_run_area(user, area: Jurisdiction) -> bool:
    """Only the area's own leader runs it (the team, meetings, reviews, problems)."""
    return user.role == Role.AREA_LEADER and user.jurisdiction_id == area.id


def require_area_runner(user, area: Jurisdiction) -> None:
    if not can_run_area(user, area):
        raise PermissionDenied


def require_overview_reader(user):
    return access.require_role(user, *OVERVIEW_READERS)


def own_area(user) -> Jurisdiction | None:
    """The area a user's menu leads to: their own, or the one their township lies in."""
    if user.role not in AREA_READERS or user.role in OVERVIEW_READERS:
        return None
    return visible_areas(user).order_by("path").first()


# --- meetings and follow-ups --------------------------------------------------------------------

def visible_meetings(user) -> QuerySet:
    access.require_staff(user)
    condition = Q(pk__in=[])
    if user.role in AREA_READERS:
        condition |= Q(kind=Meeting.Kind.AREA, area__in=visible_areas(user))
    if user.role in JOINT_READERS:
        condition |= Q(kind=Meeting.Kind.JOINT)
    if user.role not in AREA_READERS | JOINT_READERS:
        raise PermissionDenied
    return Meeting.objects.select_related("area", "recorded_by").filter(condition)


def access_meeting_by_id(user, meeting_id: int, *, for_update: bool = False) -> Meeting:
    return access.one_visible(visible_meetings(user), meeting_id, for_update=for_update)


def can_edit_meeting(user, meeting: Meeting) -> bool:
    if meeting.kind == Meeting.Kind.AREA:
        return can_run_area(user, meeting.area)
    return user.role in JOINT_RECORDERS


def require_joint_reader(user):
    return access.require_role(user, *JOINT_READERS)


def require_joint_recorder(user):
    return access.require_role(user, *JOINT_RECORDERS)


def access_follow_up_by_id(user, follow_up_id: int, *, for_update: bool = False) -> FollowUp:
    queryset = FollowUp.objects.select_related("meeting", "meeting__area", "owner").filter(
        meeting__in=visible_meetings(user))
    return access.one_visible(queryset, follow_up_id, for_update=for_update)


def can_complete(user, follow_up: FollowUp) -> bool:
    """The owner reports it done; whoever keeps the meeting's record may too."""
    return follow_up.owner_id == user.id or can_edit_meeting(user, follow_up.meeting)


# --- problems and reviews -------------------------------------------------------------------------

def visible_problems(user) -> QuerySet:
    return Problem.objects.select_related("area", "owner", "meeting").filter(area__in=visible_areas(user))


def access_problem_by_id(user, problem_id: int, *, for_update: bool = False) -> Problem:
    return access.one_visible(visible_problems(user), problem_id, for_update=for_update)


def can_update_problem(user, problem: Problem) -> bool:
    return problem.owner_id == user.id or can_run_area(user, problem.area)


def visible_reviews(user) -> QuerySet:
    reviews = Review.objects.select_related("area", "reviewer").filter(area__in=visible_areas(user))
    if user.role not in DRAFT_READERS:
        reviews = reviews.filter(status=Review.Status.ISSUED)
    return reviews


def access_review_by_id(user, review_id: int, *, for_update: bool = False) -> Review:
    return access.one_visible(visible_reviews(user), review_id, for_update=for_update)


# --- departments' returns ----------------------------------------------------------------------

def require_transfer_overseer(user):
    return access.require_role(user, *TRANSFER_OVERSEERS)


def require_liaison(user):
    """A department liaison with a department (one without sees nothing to submit)."""
    access.require_role(user, Role.DEPARTMENT)
    if user.department_id is None:
        raise PermissionDenied
    return user


def own_returns(user) -> QuerySet:
    require_liaison(user)
    return MonthlyReturn.objects.filter(department_id=user.department_id)
