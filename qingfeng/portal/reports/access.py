"""Who answers a public reporter: staff who may see the clue and work on it (not a department liaison)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qingfeng.accounts.models import Role
from qingfeng.clues.access import access_clue_by_id
from qingfeng.portal.models import PublicReport

ANSWERING_ROLES = {Role.INTAKE, Role.LEADERSHIP, Role.ADMIN, Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP}


def can_answer(user) -> bool:
    return user.role in ANSWERING_ROLES


def access_report_by_clue_id(user, clue_id: int, *, for_update: bool = False) -> PublicReport:
    """The public report of a clue in the user's scope; 404 out of scope or not reported online."""
    clue = access_clue_by_id(user, clue_id, for_update=for_update)
    reports = PublicReport.objects.select_for_update() if for_update else PublicReport.objects
    try:
        report = reports.get(clue=clue)
    except PublicReport.DoesNotExist:
        raise Http404 from None
    report.clue = clue
    return report


def require_answerer(user):
    if not can_answer(user):
        raise PermissionDenied
    return user
