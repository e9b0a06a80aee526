"""Which clues a staff user's statistics and ledger exports cover.

Both go through the clues gatekeeper (qingfeng.clues.access.visible_clues): a
township officer's figures cover the clues their township owns, a 片区 leader's
their 片区, county roles all, a department liaison what their department
transferred; roles that never see clues (village committees) get 403. The 问责
rows are scoped the same way by their owner (stats_accountability).
"""

from django.db.models import QuerySet

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.cases.models import Accountability
from qingfeng.clues import access as clue_access

# A ledger import creates and updates clues anywhere in the county, so only
# county-wide intake officers and administrators may run it from the web.
LEDGER_IMPORTERS = (Role.INTAKE, Role.ADMIN)


def stats_clues(user) -> QuerySet:
    return clue_access.visible_clues(user).select_related(None)


def stats_accountability(user) -> QuerySet:
    """The 问责 rows a user's statistics cover: by owner, as clues are (a township
    officer their township's, county roles all); a department liaison those of their
    department. 403 for the roles that never see clues."""
    clue_access.require_clue_reader(user)
    if user.role == Role.DEPARTMENT:
        if user.department_id is None:
            return Accountability.objects.none()
        return Accountability.objects.filter(department_id=user.department_id)
    return access.scope(user, Accountability.objects.all(), "owner__path")


def require_ledger_importer(user):
    return access.require_role(user, *LEDGER_IMPORTERS)


def reporter_filter(user):
    """Which clues' reporters the exporting user may see (per clue, as on the clue page)."""
    return lambda clue: clue_access.can_see_reporter(user, clue)


__all__ = ["reporter_filter", "require_ledger_importer", "stats_accountability", "stats_clues"]
