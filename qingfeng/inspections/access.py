"""Who may see and change what of 巡察整改, built on qingfeng.accounts.access.

- The inspection office (巡察办) is played by the county's 信访室 and leadership
  (`OFFICE`): they record rounds, targets, problems, suggestions and rules, verify
  rectification and hand problems over as clues (the clue intake needs their role too).
- The administrator reads everything, writes nothing here.
- A township officer and a 片区 leader see the targets of the villages in their jurisdiction;
  the township officer reports rectification for them.
- A department liaison sees and reports for their own department's targets only, and sees only
  the suggestions (意见建议) and rules (建章立制) addressed to their department.
- Other roles (case handlers, village committee members): 403. Out of scope: 404.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.inspections.models import (
    Problem,
    Round,
    RuleEstablished,
    Suggestion,
    Target,
)

OFFICE = {Role.INTAKE, Role.LEADERSHIP}
COUNTY_READERS = OFFICE | {Role.ADMIN}
READERS = COUNTY_READERS | {Role.TOWNSHIP, Role.AREA_LEADER, Role.DEPARTMENT}
REPORTERS = {Role.TOWNSHIP, Role.DEPARTMENT}  # report rectification for their own targets


def require_reader(user):
    return access.require_role(user, *READERS)


def require_office(user):
    return access.require_role(user, *OFFICE)


def require_county_reader(user):
    return access.require_role(user, *COUNTY_READERS)


def is_office(user) -> bool:
    return access.is_staff(user) and user.role in OFFICE


def visible_rounds(user) -> QuerySet:
    require_reader(user)
    return Round.objects.all()


def access_round_by_id(user, round_id: int, *, for_update: bool = False) -> Round:
    return access.one_visible(visible_rounds(user), round_id, for_update=for_update)


def visible_targets(user) -> QuerySet:
    require_reader(user)
    queryset = Target.objects.select_related("round", "village", "department")
    if user.role in COUNTY_READERS:
        return queryset
    if user.role == Role.DEPARTMENT:
        return queryset.filter(department_id=user.department_id) if user.department_id else queryset.none()
    return access.scope(user, queryset.filter(village__isnull=False), "village__path")


def access_target_by_id(user, target_id: int, *, for_update: bool = False) -> Target:
    return access.one_visible(visible_targets(user), target_id, for_update=for_update)


def visible_problems(user) -> QuerySet:
    targets = visible_targets(user)
    return Problem.objects.select_related("target", "target__round", "target__village", "target__department",
                                          "clue").filter(target__in=targets.values("id"))


def _for_department(user, queryset: QuerySet) -> QuerySet:
    """A liaison's own department's rows; everyone else who reads rounds, all of them."""
    require_reader(user)
    if user.role == Role.DEPARTMENT:
        return queryset.filter(department_id=user.department_id) if user.department_id else queryset.none()
    return queryset


def visible_suggestions(user) -> QuerySet:
    return _for_department(user, Suggestion.objects.select_related("department"))


def visible_rules(user) -> QuerySet:
    return _for_department(user, RuleEstablished.objects.select_related("department"))


def access_problem_by_id(user, problem_id: int, *, for_update: bool = False) -> Problem:
    return access.one_visible(visible_problems(user), problem_id, for_update=for_update)


def answers_for(user, target: Target) -> bool:
    """The organisation responsible reports its rectification: the village's township
    officers, the department's liaisons; the office may record it on anyone's behalf."""
    if user.role in OFFICE:
        return True
    if user.role == Role.TOWNSHIP:
        return target.village_id is not None and access.in_scope(user, target.village)
    if user.role == Role.DEPARTMENT:
        return target.department_id is not None and target.department_id == user.department_id
    return False


def require_answers_for(user, target: Target) -> None:
    if not answers_for(user, target):
        raise PermissionDenied
