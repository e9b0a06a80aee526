"""Which clues a staff user's statistics and exports cover (built on the gatekeeper).

A clue belongs to the jurisdiction that owns it (Clue.owner): a township officer's
figures cover their township's clues, a 片区 leader's their 片区, county roles all.
"""

from django.db.models import QuerySet

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.clues.models import Clue

# Statistics of clues are internal to the commission: not for department liaisons
# or village supervision committees.
STATS_ROLES = (Role.LEADERSHIP, Role.ADMIN, Role.INTAKE, Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP)
# Roles that may see reporters' identities in a ledger export (the command line runs
# as the county administrator and includes them).
REPORTER_ROLES = (Role.INTAKE, Role.ADMIN)


def stats_clues(user) -> QuerySet:
    access.require_role(user, *STATS_ROLES)
    return access.scope(user, Clue.objects.all(), "owner__path")


def may_see_reporters(user) -> bool:
    return user is None or user.role in REPORTER_ROLES
