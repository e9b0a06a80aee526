"""Who may run the cross-check and read its runs: county-level staff who feed or use the data.

Clues made by a run are shown only through the clues app's scoping.
"""

from django.db.models import QuerySet
from django.http import Http404

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.crosscheck.models import CrosscheckRun

RUNNERS = frozenset({Role.ADMIN, Role.DEPARTMENT, Role.INTAKE, Role.LEADERSHIP})
SERVER_DIRECTORY_ROLES = frozenset({Role.ADMIN})  # reading server paths is an administrator's act


def require_runner(user):
    return access.require_role(user, *RUNNERS)


def can_use_server_directory(user) -> bool:
    return user.role in SERVER_DIRECTORY_ROLES


def visible_runs(user) -> QuerySet:
    require_runner(user)
    return CrosscheckRun.objects.select_related("job", "started_by")


def access_run_by_id(user, run_id: int) -> CrosscheckRun:
    try:
        return visible_runs(user).get(id=run_id)
    except CrosscheckRun.DoesNotExist:
        raise Http404 from None
