"""The area's standing team (一套工作专班), kept by the area leader."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import candidates
from qingfeng.collaboration.actions._common import ensure_area, locked
from qingfeng.collaboration.models import TITLE_MAX, TeamMember, TeamRole
from qingfeng.core import checks
from qingfeng.places.models import Jurisdiction

TEAM_FIELDS = ("area_id", "user_id", "team_role", "duty")


def _runs_its_area(user, member: TeamMember) -> bool:
    return collab_access.can_run_area(user, member.area)


def _team_role(team_role: str) -> str:
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("请选择专班职务。")})
    return team_role


def do_add_team_member(area: Jurisdiction, *, acting_user, user, team_role: str = TeamRole.MEMBER,
                       duty: str = "") -> TeamMember:
    collab_access.require_area_runner(acting_user, area)
    ensure_area(area)
    _team_role(team_role)
    if not candidates.team_candidates(area).filter(id=user.id).exists():
        raise ValidationError({"user": _("%(name)s 不是县纪委监委或本片区的工作人员。") % {"name": user}})
    duty = checks.text("duty", duty, TITLE_MAX, required=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                member = TeamMember.objects.create(area=area, user=user, team_role=team_role, duty=duty)
        except IntegrityError:
            raise ValidationError({"user": _("%(name)s 已在专班中。") % {"name": user}}) from None
        record(acting_user, "collaboration.team_add", member, after=snapshot(member, TEAM_FIELDS))
    return member


def do_change_team_member(member_id: int, *, acting_user, expected_version: int, team_role: str,
                          duty: str = "") -> TeamMember:
    values = {"team_role": _team_role(team_role), "duty": checks.text("duty", duty, TITLE_MAX, required=False)}
    with transaction.atomic():
        member = locked(collab_access.access_team_member_by_id, _runs_its_area, member_id, acting_user,
                        expected_version)
        save_and_record(acting_user, "collaboration.team_change", member, values)
    return member


def do_remove_team_member(member_id: int, *, acting_user, expected_version: int) -> None:
    with transaction.atomic():
        member = locked(collab_access.access_team_member_by_id, _runs_its_area, member_id, acting_user,
                        expected_version)
        record(acting_user, "collaboration.team_remove", member, before=snapshot(member, TEAM_FIELDS))
        member.delete()
