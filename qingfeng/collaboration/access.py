"""Who may see and run the area work and the departments' returns, built on qingfeng.accounts.access.

片区协作: an area leader (Role.AREA_LEADER, jurisdiction = the area) runs their area; the
area's case handlers and township officers read it (a township officer the area their
township lies in); leadership and the administrator read every area. A member of an area's
standing team reads that area whatever their role (the county's 信访室 sits on the teams), and
whoever owns a follow-up or a problem reaches it and the meeting it came from. 联动联办: department
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
    TeamMember,
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

def _team_areas(user) -> Q:
    return Q(id__in=TeamMember.objects.filter(user_id=user.id).values("area_id"))


def reads_areas(user) -> bool:
    """Staff whose role reads areas, and the members of an area's team."""
    return access.is_staff(user) and (
        user.role in AREA_READERS or TeamMember.objects.filter(user_id=user.id).exists())


def require_area_reader(user):
    access.require_staff(user)
    if not reads_areas(user):
        raise PermissionDenied
    return user


def visible_areas(user) -> QuerySet:
    """The areas below the user's jurisdiction, or the one their township or village lies in, and
    the areas whose team the user is on."""
    require_area_reader(user)
    areas = Jurisdiction.objects.filter(level=L.AREA)
    if user.role not in AREA_READERS:
        return areas.filter(_team_areas(user))
    root = access.root_path(user)
    parts = root.strip("/").split("/")
    above = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts))]
    return areas.filter(Q(path__startswith=root) | Q(path__in=above) | _team_areas(user))


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
    if user.role in OVERVIEW_READERS or not reads_areas(user):
        return None
    return visible_areas(user).order_by("path").first()


def access_team_member_by_id(user, member_id: int, *, for_update: bool = False) -> TeamMember:
    members = TeamMember.objects.select_related("area", "user").filter(area__in=visible_areas(user).values("id"))
    return access.one_visible(members, member_id, for_update=for_update)


# --- meetings and follow-ups --------------------------------------------------------------------

def visible_meetings(user) -> QuerySet:
    """Area meetings of the areas the user reads, joint meetings for their readers, and any meeting
    with a follow-up the user owns (its owner must reach it to report it done)."""
    access.require_staff(user)
    owned = FollowUp.objects.filter(owner_id=user.id)
    condition = Q(pk__in=owned.values("meeting_id"))
    area_reader = reads_areas(user)
    if area_reader:
        condition |= Q(kind=Meeting.Kind.AREA, area__in=visible_areas(user))
    if user.role in JOINT_READERS:
        condition |= Q(kind=Meeting.Kind.JOINT)
    if not area_reader and user.role not in JOINT_READERS and not owned.exists():
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
    """The problems of the areas the user reads, and those the user owns."""
    access.require_staff(user)
    problems = Problem.objects.select_related("area", "owner", "meeting")
    if reads_areas(user):
        return problems.filter(Q(area__in=visible_areas(user)) | Q(owner_id=user.id))
    owned = problems.filter(owner_id=user.id)
    if not owned.exists():
        raise PermissionDenied
    return owned


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
