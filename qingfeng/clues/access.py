"""Who may see which clue, and whose eyes may rest on a reporter's identity.

Built on qingfeng.accounts.access: views and API endpoints obtain clues only
through `visible_clues` / `access_clue_by_id`; out-of-scope clues are 404, a
role that never sees clues (village members) is 403.
"""

from django.db.models import Q, QuerySet

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.clues.models import Clue

CLUE_READERS = {
    Role.INTAKE, Role.LEADERSHIP, Role.ADMIN, Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP, Role.DEPARTMENT,
}
INTAKE_ROLES = {Role.INTAKE, Role.DEPARTMENT, Role.LEADERSHIP, Role.ADMIN}
LEADER_ROLES = {Role.AREA_LEADER, Role.LEADERSHIP}
# Who sees the backlog, supervision and the per-person handled counts.
SUPERVISORS = {Role.LEADERSHIP, Role.ADMIN, Role.AREA_LEADER, Role.INTAKE}


def require_clue_reader(user):
    return access.require_role(user, *CLUE_READERS)


def _clues_with_relations() -> QuerySet:
    return Clue.objects.select_related("owner", "township", "village", "handler", "department")


def visible_clues(user) -> QuerySet:
    require_clue_reader(user)
    queryset = _clues_with_relations()
    if user.role == Role.DEPARTMENT:
        # A liaison sees what their department transferred, nothing else.
        if user.department_id is None:
            return queryset.none()
        return queryset.filter(department_id=user.department_id)
    # The handler of a clue keeps it in view even after it moves to another 片区.
    return queryset.filter(Q(owner__path__startswith=access.root_path(user)) | Q(handler_id=user.id))


def access_clue_by_id(user, clue_id: int, *, for_update: bool = False) -> Clue:
    return access.one_visible(visible_clues(user), clue_id, for_update=for_update)


def can_register(user) -> bool:
    return user.role in INTAKE_ROLES


def can_see_reporter(user, clue: Clue) -> bool:
    """Intake officers, and the leader and handler the clue is assigned to."""
    if user.role == Role.INTAKE:
        return True
    if clue.leader_id is not None and clue.leader_id == user.id:
        return True
    if clue.handler_id is not None and clue.handler_id == user.id:
        return True
    return False


def can_acknowledge(user, clue: Clue) -> bool:
    """受理告知 is recorded once, for a named reporter, while the clue is open."""
    if clue.reporter_id is None:
        return False
    if not clue.is_open:
        return False
    if clue.acknowledged_on is not None:
        return False
    return can_see_reporter(user, clue)


def require_supervisor(user):
    return access.require_role(user, *SUPERVISORS)


def can_supervise(user) -> bool:
    return user.role in {Role.LEADERSHIP, Role.AREA_LEADER, Role.ADMIN}
