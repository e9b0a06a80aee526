"""Meetings (an area's monthly meeting, the joint meetings) and their follow-ups."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import candidates
from qingfeng.collaboration.actions._common import ensure_area, locked, today_or
from qingfeng.collaboration.models import TITLE_MAX, FollowUp, Meeting
from qingfeng.core import checks
from qingfeng.places.models import Jurisdiction

MEETING_FIELDS = ("kind", "area_id", "held_on", "title", "place", "attendees", "absentees", "discussion",
                  "decisions")
MEETING_TEXTS = {"title": TITLE_MAX, "place": TITLE_MAX, "attendees": 4000, "absentees": 4000,
                 "discussion": 4000, "decisions": 4000}
MEETING_REQUIRED = ("title", "attendees")
FOLLOW_UP_FIELDS = ("meeting_id", "task", "owner_id", "due_on", "done", "done_on", "note")


def _meeting_values(fields: dict, today: date) -> dict:
    values = {name: checks.text(name, fields.get(name), limit, required=name in MEETING_REQUIRED,
                                multiline=name not in ("title", "place"))
              for name, limit in MEETING_TEXTS.items()}
    values["held_on"] = checks.day("held_on", fields.get("held_on"), not_after=today)
    return values


def _pool_clues(acting_user, kind: str, area, clue_nos: list[str]) -> list:
    """The clues numbered, each in the recorder's pool (candidates.meeting_clue_pool), or a refusal."""
    pool = candidates.meeting_clue_pool(acting_user, kind, area)
    found = {clue.clue_no: clue for clue in pool.filter(clue_no__in=clue_nos)}
    missing = [no for no in clue_nos if no not in found]
    if missing:
        where = _("本片区") if kind == Meeting.Kind.AREA else _("部门移送")
        raise ValidationError({"clue_nos": _("线索编号 %(nos)s 不存在，或不是您可查看的%(where)s线索。") % {
            "nos": "、".join(missing), "where": where}})
    return [found[no] for no in clue_nos]


def _edited_clues(acting_user, meeting: Meeting, clue_nos: list[str]) -> list:
    """The clues of an edited meeting: those attached outside the editor's pool stay as they are
    (the editor never saw them); of the rest, those still listed stay and new ones must be in the pool."""
    shown, hidden = candidates.attached_clues(acting_user, meeting)
    attached = {clue.clue_no for clue in shown + hidden}
    added = _pool_clues(acting_user, meeting.kind, meeting.area, [no for no in clue_nos if no not in attached])
    listed = set(clue_nos)
    return hidden + [clue for clue in shown if clue.clue_no in listed] + added


def _require_meeting_editor(acting_user, kind: str, area) -> None:
    if kind == Meeting.Kind.AREA:
        if area is None:
            raise ValidationError({"area": _("片区例会须属于一个片区。")})
        ensure_area(area)
        collab_access.require_area_runner(acting_user, area)
    elif kind == Meeting.Kind.JOINT:
        collab_access.require_joint_recorder(acting_user)
        if area is not None:
            raise ValidationError({"area": _("联席会议不属于某个片区。")})
    else:
        raise ValidationError({"kind": _("未知的会议类型。")})


def _numbers(clues) -> list[str]:
    return sorted(clue.clue_no for clue in clues)


def do_record_meeting(*, acting_user, kind: str, area: Jurisdiction | None = None, clue_nos=(),
                      today: date | None = None, **fields) -> Meeting:
    """Record a meeting held: an area's monthly meeting (by its leader) or a joint meeting."""
    _require_meeting_editor(acting_user, kind, area)
    values = _meeting_values(fields, today_or(today))
    with transaction.atomic():
        clues = _pool_clues(acting_user, kind, area, list(clue_nos))
        meeting = Meeting.objects.create(kind=kind, area=area, recorded_by=acting_user, **values)
        meeting.clues.set(clues)
        record(acting_user, "collaboration.meeting_record", meeting,
               after=snapshot(meeting, MEETING_FIELDS) | {"clues": [c.clue_no for c in clues]})
    return meeting


def do_update_meeting(meeting_id: int, *, acting_user, expected_version: int, clue_nos=(),
                      today: date | None = None, **fields) -> Meeting:
    """Change a meeting's record; `clue_nos` are the clues the editor lists (of those they may see)."""
    values = _meeting_values(fields, today_or(today))
    with transaction.atomic():
        meeting = locked(collab_access.access_meeting_by_id, collab_access.can_edit_meeting, meeting_id,
                         acting_user, expected_version)
        before = _numbers(meeting.clues.all())
        clues = _edited_clues(acting_user, meeting, list(clue_nos))
        save_and_record(acting_user, "collaboration.meeting_update", meeting, values,
                        before_extra={"clues": before}, after_extra={"clues": _numbers(clues)})
        meeting.clues.set(clues)
    return meeting


def do_add_follow_up(meeting_id: int, *, acting_user, task: str, owner, due_on: date | None) -> FollowUp:
    task = checks.text("task", task, TITLE_MAX)
    due_on = checks.day("due_on", due_on)
    with transaction.atomic():
        meeting = collab_access.access_meeting_by_id(acting_user, meeting_id, for_update=True)
        if not collab_access.can_edit_meeting(acting_user, meeting):
            raise PermissionDenied
        if owner is None or not candidates.owner_candidates(meeting.kind, meeting.area).filter(id=owner.id).exists():
            raise ValidationError({"owner": _("责任人须是本片区专班成员（联席会议：县纪委监委或部门联络员）。")})
        if due_on < meeting.held_on:
            raise ValidationError({"due_on": _("完成时限不能早于会议日期。")})
        follow_up = FollowUp.objects.create(meeting=meeting, task=task, owner=owner, due_on=due_on)
        record(acting_user, "collaboration.follow_up_add", follow_up, after=snapshot(follow_up, FOLLOW_UP_FIELDS))
    return follow_up


def do_set_follow_up_done(follow_up_id: int, *, acting_user, expected_version: int, done: bool = True,
                          note: str = "", today: date | None = None) -> FollowUp:
    """The owner (or the meeting's recorder) reports a task done, or reopens it."""
    note = checks.text("note", note, 1000, required=False, multiline=True)
    with transaction.atomic():
        follow_up = locked(collab_access.access_follow_up_by_id, collab_access.can_complete, follow_up_id,
                           acting_user, expected_version)
        values = {"done": done, "done_on": today_or(today) if done else None, "note": note}
        save_and_record(acting_user, "collaboration.follow_up_done" if done else "collaboration.follow_up_reopen",
                        follow_up, values)
    return follow_up
