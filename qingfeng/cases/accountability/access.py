"""Who may see and record 问责 decisions.

A decision is owned, for scoping, by its township — or by the county when it concerns
a county department (Accountability.owner). Readers see the decisions owned within
their jurisdiction: leadership and the administrator all of them, a 片区's leader and
case handlers their 片区's townships, a township officer their own township.

Recording and changing are for those who decide on or prepare them: leadership
(anywhere, county departments included) and, within their 片区, its leaders and case
handlers. A township officer only reads their township's: 问责 of the township's own
party organisation and leaders is decided above it.
"""


from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.cases.models import Accountability

READERS = {Role.LEADERSHIP, Role.ADMIN, Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP}
RECORDERS = {Role.LEADERSHIP, Role.AREA_LEADER, Role.CASE_HANDLER}


def require_reader(user):
    return access.require_role(user, *READERS)


def require_recorder(user):
    return access.require_role(user, *RECORDERS)


def can_record(user) -> bool:
    return user.role in RECORDERS


def can_record_for(user, owner) -> bool:
    """May `user` record a decision owned by `owner` (a township or the county)?"""
    return can_record(user) and access.in_scope(user, owner)


def visible_accountability(user):
    require_reader(user)
    queryset = Accountability.objects.select_related("township", "department", "clue")
    return access.scope(user, queryset, "owner__path")


def access_accountability_by_id(user, accountability_id: int, *, for_update: bool = False) -> Accountability:
    return access.one_visible(visible_accountability(user), accountability_id, for_update=for_update)
