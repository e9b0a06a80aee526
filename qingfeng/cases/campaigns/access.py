"""Who may see, define and tag campaigns.

A campaign is county-wide: every role that reads clues sees the list and the results
page, whose figures cover only the clues that user may see (qingfeng.clues.access).
Only the commission's leadership defines and changes campaigns: the themes are its
decision, not the system administrator's. Clues are tagged by those who steer the
work on them: the petition office (at intake), leadership, the administrator and 片区
leaders — always only clues they can see.
"""


from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.cases.models import Campaign
from qingfeng.clues.access import CLUE_READERS, visible_clues

READERS = CLUE_READERS
DEFINERS = {Role.LEADERSHIP}
TAGGERS = {Role.INTAKE, Role.LEADERSHIP, Role.ADMIN, Role.AREA_LEADER}


def require_reader(user):
    return access.require_role(user, *READERS)


def require_definer(user):
    return access.require_role(user, *DEFINERS)


def can_define(user) -> bool:
    return user.role in DEFINERS


def can_tag(user) -> bool:
    return user.role in TAGGERS


def visible_campaigns(user):
    require_reader(user)
    return Campaign.objects.all()


def access_campaign_by_id(user, campaign_id: int, *, for_update: bool = False) -> Campaign:
    return access.one_visible(visible_campaigns(user), campaign_id, for_update=for_update)


def campaign_clues(user, campaign: Campaign):
    """The campaign's clues this user may see."""
    return visible_clues(user).filter(campaign=campaign)
