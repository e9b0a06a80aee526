"""The N problems an area takes on (N个问题), tracked to resolution by their owners."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import candidates
from qingfeng.collaboration.actions._common import ensure_area, locked, today_or
from qingfeng.collaboration.models import TITLE_MAX, Meeting, Problem
from qingfeng.core import checks
from qingfeng.places.models import Jurisdiction

PROBLEM_FIELDS = ("area_id", "title", "description", "owner_id", "due_on", "status", "resolution", "resolved_on",
                  "meeting_id")


def _check_owner(area: Jurisdiction, owner) -> None:
    if owner is None or not candidates.owner_candidates(Meeting.Kind.AREA, area).filter(id=owner.id).exists():
        raise ValidationError({"owner": _("责任人须是本片区专班成员。")})


def do_add_problem(area: Jurisdiction, *, acting_user, title: str, description: str = "", owner, due_on: date | None,
                   meeting: Meeting | None = None) -> Problem:
    collab_access.require_area_runner(acting_user, area)
    ensure_area(area)
    title = checks.text("title", title, TITLE_MAX)
    description = checks.text("description", description, 4000, required=False, multiline=True)
    _check_owner(area, owner)
    due_on = checks.day("due_on", due_on)
    if meeting is not None and meeting.area_id != area.id:
        raise ValidationError({"meeting": _("只能关联本片区的例会。")})
    with transaction.atomic():
        problem = Problem.objects.create(area=area, title=title, description=description, owner=owner,
                                         due_on=due_on, meeting=meeting)
        record(acting_user, "collaboration.problem_add", problem, after=snapshot(problem, PROBLEM_FIELDS))
    return problem


def do_update_problem(problem_id: int, *, acting_user, expected_version: int, status: str, resolution: str = "",
                      owner=None, due_on: date | None = None, today: date | None = None) -> Problem:
    """Its owner reports progress and resolution; the area leader may also reassign it or move its deadline."""
    if status not in Problem.Status.values:
        raise ValidationError({"status": _("请选择状态。")})
    resolution = checks.text("resolution", resolution, 4000, required=False, multiline=True)
    if status == Problem.Status.RESOLVED and not resolution:
        raise ValidationError({"resolution": _("标记为已解决须填写解决情况。")})
    with transaction.atomic():
        problem = locked(collab_access.access_problem_by_id, collab_access.can_update_problem, problem_id,
                         acting_user, expected_version)
        values = {"status": status, "resolution": resolution}
        resolved = status == Problem.Status.RESOLVED
        values["resolved_on"] = (problem.resolved_on or today_or(today)) if resolved else None
        reassigned = (owner is not None and owner.id != problem.owner_id) or (
            due_on is not None and due_on != problem.due_on)
        if reassigned:
            collab_access.require_area_runner(acting_user, problem.area)
            if owner is not None:
                _check_owner(problem.area, owner)
                values["owner_id"] = owner.id
            if due_on is not None:
                values["due_on"] = due_on
        save_and_record(acting_user, "collaboration.problem_update", problem, values)
    return problem
