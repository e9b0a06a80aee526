"""Who may see and do what with bulletins (built on accounts.access).

- Leadership (县纪委领导) drafts, edits, approves and issues.
- The intake office (信访室, who keeps the ledger) may draft a month (or refresh its
  draft from the measures) and read drafts; it does not edit the wording, approve or issue.
- Every other clue-reading role (片区, 审查调查, 乡镇纪委, 部门联络员, and the system
  administrator) reads issued bulletins only: an issued bulletin is a notice to every
  unit of the county. The administrator is a technical role and takes no part in a
  notice's content. Village committee members see bulletins on the public 曝光台.

Drafts and approved bulletins are 404 to those who may not read them; a wrong role
for an action is 403.
"""

from django.db.models import QuerySet

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.bulletins.models import Bulletin
from qingfeng.clues.access import CLUE_READERS

EDITORS = {Role.LEADERSHIP}
DRAFTERS = {Role.LEADERSHIP, Role.INTAKE}
DRAFT_READERS = DRAFTERS


def require_reader(user):
    return access.require_role(user, *CLUE_READERS)


def can_read(user) -> bool:
    return access.is_staff(user) and user.role in CLUE_READERS


def can_draft(user) -> bool:
    return access.is_staff(user) and user.role in DRAFTERS


def can_edit(user) -> bool:
    return access.is_staff(user) and user.role in EDITORS


def require_drafter(user):
    return access.require_role(user, *DRAFTERS)


def require_editor(user):
    return access.require_role(user, *EDITORS)


def visible_bulletins(user) -> QuerySet:
    require_reader(user)
    bulletins = Bulletin.objects.all()
    if user.role not in DRAFT_READERS:
        bulletins = bulletins.filter(status=Bulletin.Status.ISSUED)
    return bulletins


def access_bulletin_by_id(user, bulletin_id: int, *, for_update: bool = False) -> Bulletin:
    return access.one_visible(visible_bulletins(user), bulletin_id, for_update=for_update)
