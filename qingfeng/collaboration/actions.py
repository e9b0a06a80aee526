"""Audited changes of the area work (片区协作) and the departments' returns (联动联办).

Each `do_*` runs in one transaction, checks role and scope through
qingfeng.collaboration.access, locks the row it changes and checks the version the user
saw (a stale one raises Conflict), and appends one audit entry.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.audit.trail import record, snapshot
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import candidates, periods, scores
from qingfeng.collaboration.models import (
    TITLE_MAX,
    FollowUp,
    Meeting,
    MonthlyReturn,
    Problem,
    Review,
    ReviewRow,
    TeamMember,
    TeamRole,
)
from qingfeng.core.text import forbidden_character
from qingfeng.core.versioning import Conflict, check_version, save_changes
from qingfeng.places.models import Jurisdiction

__all__ = [
    "Conflict", "do_add_team_member", "do_change_team_member", "do_remove_team_member", "do_record_meeting",
    "do_update_meeting", "do_add_follow_up", "do_set_follow_up_done", "do_add_problem", "do_update_problem",
    "do_start_review", "do_save_review", "do_issue_review", "do_submit_return",
]

MEETING_FIELDS = ("kind", "area_id", "held_on", "title", "place", "attendees", "absentees", "discussion",
                  "decisions")
MEETING_TEXTS = {"title": TITLE_MAX, "place": TITLE_MAX, "attendees": 4000, "absentees": 4000,
                 "discussion": 4000, "decisions": 4000}
MEETING_REQUIRED = ("title", "attendees")
FOLLOW_UP_FIELDS = ("meeting_id", "task", "owner_id", "due_on", "done", "done_on", "note")
PROBLEM_FIELDS = ("area_id", "title", "description", "owner_id", "due_on", "status", "resolution", "resolved_on",
                  "meeting_id")
REVIEW_FIELDS = ("area_id", "year", "quarter", "date_from", "date_to", "status", "overall_comment", "issued_on")
RETURN_FIELDS = ("department_id", "month", "kind", "clue_count", "note", "late")


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _clean(field: str, value, limit: int, *, required: bool = False, multiline: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("此项必填。")})
    if len(value) > limit:
        raise ValidationError({field: _("最多 %(n)s 个字。") % {"n": limit}})
    if bad := forbidden_character(value, multiline=multiline):
        raise ValidationError({field: _("不能含有控制字符（%(char)s）。") % {"char": bad}})
    return value


def _past(field: str, day: date | None, today: date) -> date:
    if day is None:
        raise ValidationError({field: _("此项必填。")})
    if day > today:
        raise ValidationError({field: _("日期不能晚于今天。")})
    return day


def _ensure_area(area: Jurisdiction) -> None:
    if area.level != Jurisdiction.Level.AREA:
        raise ValidationError({"area": _("只有片区才有片区协作。")})


# --- the standing team -------------------------------------------------------------------------

def _team_member_for_update(member_id: int, acting_user, expected_version: int | None) -> TeamMember:
    area_ids = collab_access.visible_areas(acting_user).values("id")
    member = access.one_visible(TeamMember.objects.select_related("area", "user").filter(area__in=area_ids),
                                member_id, for_update=True)
    collab_access.require_area_runner(acting_user, member.area)
    return check_version(member, expected_version)


def do_add_team_member(area: Jurisdiction, *, acting_user, user, team_role: str = TeamRole.MEMBER,
                       duty: str = "") -> TeamMember:
    collab_access.require_area_runner(acting_user, area)
    _ensure_area(area)
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("请选择专班职务。")})
    if not candidates.team_candidates(area).filter(id=user.id).exists():
        raise ValidationError({"user": _("%(name)s 不是县纪委监委或本片区的工作人员。") % {"name": user}})
    duty = _clean("duty", duty, TITLE_MAX)
    with transaction.atomic():
        try:
            with transaction.atomic():
                member = TeamMember.objects.create(area=area, user=user, team_role=team_role, duty=duty)
        except IntegrityError:
            raise ValidationError({"user": _("%(name)s 已在专班中。") % {"name": user}}) from None
        record(acting_user, "collaboration.team_add", member,
               after=snapshot(member, ("area_id", "user_id", "team_role", "duty")))
    return member


def do_change_team_member(member_id: int, *, acting_user, expected_version: int, team_role: str,
                          duty: str = "") -> TeamMember:
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("请选择专班职务。")})
    duty = _clean("duty", duty, TITLE_MAX)
    with transaction.atomic():
        member = _team_member_for_update(member_id, acting_user, expected_version)
        changes = {"team_role": team_role, "duty": duty}
        before = snapshot(member, changes)
        save_changes(member, changes)
        record(acting_user, "collaboration.team_change", member, before=before, after=snapshot(member, changes))
    return member


def do_remove_team_member(member_id: int, *, acting_user, expected_version: int) -> None:
    with transaction.atomic():
        member = _team_member_for_update(member_id, acting_user, expected_version)
        before = snapshot(member, ("area_id", "user_id", "team_role", "duty"))
        record(acting_user, "collaboration.team_remove", member, before=before)
        member.delete()


# --- meetings (area meetings and joint meetings) ------------------------------------------------

def _meeting_values(fields: dict, today: date) -> dict:
    values = {name: _clean(name, fields.get(name), limit, required=name in MEETING_REQUIRED,
                           multiline=name not in ("title", "place"))
              for name, limit in MEETING_TEXTS.items()}
    values["held_on"] = _past("held_on", fields.get("held_on"), today)
    return values


def _meeting_clues(acting_user, kind: str, area, clue_nos: list[str]) -> list:
    pool = candidates.meeting_clue_pool(acting_user, kind, area)
    found = {clue.clue_no: clue for clue in pool.filter(clue_no__in=clue_nos)}
    missing = [no for no in clue_nos if no not in found]
    if missing:
        where = _("本片区") if kind == Meeting.Kind.AREA else _("部门移送")
        raise ValidationError({"clue_nos": _("线索编号 %(nos)s 不存在，或不是您可查看的%(where)s线索。") % {
            "nos": "、".join(missing), "where": where}})
    return [found[no] for no in clue_nos]


def _require_meeting_editor(acting_user, kind: str, area) -> None:
    if kind == Meeting.Kind.AREA:
        if area is None:
            raise ValidationError({"area": _("片区例会须属于一个片区。")})
        _ensure_area(area)
        collab_access.require_area_runner(acting_user, area)
    elif kind == Meeting.Kind.JOINT:
        collab_access.require_joint_recorder(acting_user)
        if area is not None:
            raise ValidationError({"area": _("联席会议不属于某个片区。")})
    else:
        raise ValidationError({"kind": _("未知的会议类型。")})


def do_record_meeting(*, acting_user, kind: str, area: Jurisdiction | None = None, clue_nos=(),
                      today: date | None = None, **fields) -> Meeting:
    """Record a meeting held: an area's monthly meeting (by its leader) or a joint meeting."""
    _require_meeting_editor(acting_user, kind, area)
    values = _meeting_values(fields, _today(today))
    with transaction.atomic():
        clues = _meeting_clues(acting_user, kind, area, list(clue_nos))
        meeting = Meeting.objects.create(kind=kind, area=area, recorded_by=acting_user, **values)
        meeting.clues.set(clues)
        record(acting_user, "collaboration.meeting_record", meeting,
               after=snapshot(meeting, MEETING_FIELDS) | {"clues": [c.clue_no for c in clues]})
    return meeting


def do_update_meeting(meeting_id: int, *, acting_user, expected_version: int, clue_nos=(),
                      today: date | None = None, **fields) -> Meeting:
    values = _meeting_values(fields, _today(today))
    with transaction.atomic():
        meeting = collab_access.access_meeting_by_id(acting_user, meeting_id, for_update=True)
        if not collab_access.can_edit_meeting(acting_user, meeting):
            raise PermissionDenied
        check_version(meeting, expected_version)
        clues = _meeting_clues(acting_user, meeting.kind, meeting.area, list(clue_nos))
        before = snapshot(meeting, values) | {"clues": list(meeting.clues.values_list("clue_no", flat=True))}
        save_changes(meeting, values)
        meeting.clues.set(clues)
        record(acting_user, "collaboration.meeting_update", meeting, before=before,
               after=snapshot(meeting, values) | {"clues": [c.clue_no for c in clues]})
    return meeting


def do_add_follow_up(meeting_id: int, *, acting_user, task: str, owner, due_on: date | None) -> FollowUp:
    task = _clean("task", task, TITLE_MAX, required=True)
    if due_on is None:
        raise ValidationError({"due_on": _("此项必填。")})
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
    note = _clean("note", note, 1000, multiline=True)
    with transaction.atomic():
        follow_up = collab_access.access_follow_up_by_id(acting_user, follow_up_id, for_update=True)
        if not collab_access.can_complete(acting_user, follow_up):
            raise PermissionDenied
        check_version(follow_up, expected_version)
        changes = {"done": done, "done_on": _today(today) if done else None, "note": note}
        before = snapshot(follow_up, changes)
        save_changes(follow_up, changes)
        record(acting_user, "collaboration.follow_up_done" if done else "collaboration.follow_up_reopen",
               follow_up, before=before, after=snapshot(follow_up, changes))
    return follow_up


# --- the N problems ---------------------------------------------------------------------------

def _check_owner(area: Jurisdiction, owner) -> None:
    if owner is None or not candidates.owner_candidates(Meeting.Kind.AREA, area).filter(id=owner.id).exists():
        raise ValidationError({"owner": _("责任人须是本片区专班成员。")})


def do_add_problem(area: Jurisdiction, *, acting_user, title: str, description: str = "", owner, due_on: date | None,
                   meeting: Meeting | None = None) -> Problem:
    collab_access.require_area_runner(acting_user, area)
    _ensure_area(area)
    title = _clean("title", title, TITLE_MAX, required=True)
    description = _clean("description", description, 4000, multiline=True)
    _check_owner(area, owner)
    if due_on is None:
        raise ValidationError({"due_on": _("此项必填。")})
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
    resolution = _clean("resolution", resolution, 4000, multiline=True)
    if status == Problem.Status.RESOLVED and not resolution:
        raise ValidationError({"resolution": _("标记为已解决须填写解决情况。")})
    with transaction.atomic():
        problem = collab_access.access_problem_by_id(acting_user, problem_id, for_update=True)
        if not collab_access.can_update_problem(acting_user, problem):
            raise PermissionDenied
        check_version(problem, expected_version)
        changes = {"status": status, "resolution": resolution}
        resolved = status == Problem.Status.RESOLVED
        changes["resolved_on"] = (problem.resolved_on or _today(today)) if resolved else None
        reassigned = (owner is not None and owner.id != problem.owner_id) or (
            due_on is not None and due_on != problem.due_on)
        if reassigned:
            collab_access.require_area_runner(acting_user, problem.area)
            if owner is not None:
                _check_owner(problem.area, owner)
                changes["owner_id"] = owner.id
            if due_on is not None:
                changes["due_on"] = due_on
        before = snapshot(problem, changes)
        save_changes(problem, changes)
        record(acting_user, "collaboration.problem_update", problem, before=before, after=snapshot(problem, changes))
    return problem


# --- quarterly reviews ------------------------------------------------------------------------

def _refresh_figures(review: Review, acting_user) -> dict[int, dict]:
    """The rows' figures from the ledger now (each township's §2 indicators of the window)."""
    rows = list(review.rows.select_related("township"))
    figures = scores.township_figures(acting_user, [r.township for r in rows], review.date_from, review.date_to)
    for row in rows:
        for key, value in figures[row.township_id].items():
            setattr(row, key, value)
    ReviewRow.objects.bulk_update(rows, list(scores.FIGURES))
    return {row.township.code: figures[row.township_id] for row in rows}


def do_start_review(area: Jurisdiction, *, acting_user, year: int, quarter: int, today: date | None = None) -> Review:
    """A draft review of the quarter, one row per township of the area with its figures."""
    collab_access.require_area_runner(acting_user, area)
    _ensure_area(area)
    today = _today(today)
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= today.year:
        raise ValidationError({"quarter": _("请选择年度和季度。")})
    date_from, date_to = periods.review_window(year, quarter, today)
    if date_from > today:
        raise ValidationError({"quarter": _("该季度尚未开始。")})
    townships = scores.area_townships(area)
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = Review.objects.create(area=area, year=year, quarter=quarter, date_from=date_from,
                                               date_to=date_to, reviewer=acting_user, computed_at=timezone.now())
        except IntegrityError:
            raise ValidationError({"quarter": _("本片区该季度已有讲评。")}) from None
        ReviewRow.objects.bulk_create(ReviewRow(review=review, township=t) for t in townships)
        figures = _refresh_figures(review, acting_user)
        record(acting_user, "collaboration.review_start", review,
               after=snapshot(review, REVIEW_FIELDS) | {"figures": figures})
    return review


def _draft_for_update(review_id: int, acting_user, expected_version: int) -> Review:
    review = collab_access.access_review_by_id(acting_user, review_id, for_update=True)
    collab_access.require_area_runner(acting_user, review.area)
    check_version(review, expected_version)
    if review.issued:
        raise ValidationError({"__all__": _("讲评已印发，不能再修改。")})
    return review


def _save_comments(review: Review, comments: dict[int, str]) -> dict[str, str]:
    rows = list(review.rows.select_related("township"))
    for row in rows:
        if row.township_id in comments:
            row.comment = _clean(f"comment_{row.township.code}", comments[row.township_id], 2000, multiline=True)
    ReviewRow.objects.bulk_update(rows, ["comment"])
    return {row.township.code: row.comment for row in rows}


def do_save_review(review_id: int, *, acting_user, expected_version: int, overall_comment: str,
                   comments: dict[int, str], today: date | None = None) -> Review:
    """Save the reviewer's comments of a draft; its figures are read from the ledger again."""
    overall_comment = _clean("overall_comment", overall_comment, 4000, multiline=True)
    with transaction.atomic():
        review = _draft_for_update(review_id, acting_user, expected_version)
        return _save_review(review, acting_user, overall_comment, comments, "collaboration.review_save", {},
                            _today(today))


def _save_review(review, acting_user, overall_comment, comments, action, extra, today: date) -> Review:
    # A draft's window grows with its quarter: its figures are those of the ledger today.
    date_to = max(periods.review_window(review.year, review.quarter, today)[1], review.date_to)
    changes = {"overall_comment": overall_comment, "date_to": date_to, "computed_at": timezone.now(), **extra}
    before = snapshot(review, ("overall_comment", "date_to", "status"))
    save_changes(review, changes)
    saved = _save_comments(review, comments)
    figures = _refresh_figures(review, acting_user)
    record(acting_user, action, review, before=before,
           after=snapshot(review, REVIEW_FIELDS) | {"comments": saved, "figures": figures})
    return review


def do_issue_review(review_id: int, *, acting_user, expected_version: int, overall_comment: str,
                    comments: dict[int, str], today: date | None = None) -> Review:
    """Issue the review: its comments and figures (read once more) are frozen from now on."""
    overall_comment = _clean("overall_comment", overall_comment, 4000, required=True, multiline=True)
    with transaction.atomic():
        review = _draft_for_update(review_id, acting_user, expected_version)
        return _save_review(review, acting_user, overall_comment, comments, "collaboration.review_issue",
                            {"status": Review.Status.ISSUED, "issued_on": _today(today)}, _today(today))


# --- departments' monthly returns ---------------------------------------------------------------

def month_transfers(user, month: date):
    """The clues `user`'s department transferred in `month` (through the clues gatekeeper)."""
    from qingfeng.clues.access import visible_clues

    collab_access.require_liaison(user)
    month = periods.month_of(month)
    return visible_clues(user).filter(received_on__gte=month, received_on__lte=periods.month_end(month))


def do_submit_return(*, acting_user, month: date, kind: str, confirmed: bool, note: str = "",
                     expected_version: int | None = None, now: datetime | None = None) -> MonthlyReturn:
    """Submit (or, with the version seen, revise) the department's return of a past month: the list
    of its transfers that month, confirmed, or an explicit nil return when there were none."""
    collab_access.require_liaison(acting_user)
    now = now or timezone.now()
    today = timezone.localdate(now)
    month = periods.month_of(month)
    if month >= periods.month_of(today):
        raise ValidationError({"month": _("只能报送已经结束的月份。")})
    if kind not in MonthlyReturn.Kind.values:
        raise ValidationError({"kind": _("请选择报送类型。")})
    if not confirmed:
        raise ValidationError({"confirmed": _("请确认报送内容。")})
    note = _clean("note", note, 1000, multiline=True)
    with transaction.atomic():
        clues = list(month_transfers(acting_user, month).order_by("received_on", "id"))
        if kind == MonthlyReturn.Kind.NIL and clues:
            raise ValidationError({"kind": _("%(month)s 本部门已移送线索 %(n)s 条，不能零报告，请报送移送清单。") % {
                "month": f"{month:%Y-%m}", "n": len(clues)}})
        if kind == MonthlyReturn.Kind.LIST and not clues:
            raise ValidationError({"kind": _("%(month)s 本部门没有移送线索，请报送零报告。") % {"month": f"{month:%Y-%m}"}})
        existing = (MonthlyReturn.objects.select_for_update()
                    .filter(department_id=acting_user.department_id, month=month).first())
        values = {"kind": kind, "clue_count": len(clues), "note": note, "submitted_by": acting_user,
                  "submitted_at": now}
        if existing is None:
            if expected_version is not None:
                raise Conflict(0)
            try:
                with transaction.atomic():
                    saved = MonthlyReturn.objects.create(
                        department_id=acting_user.department_id, month=month, first_submitted_at=now,
                        late=periods.is_late(month, today), **values)
            except IntegrityError:  # the department's other liaison a moment ago
                raise Conflict(1) from None
            before, action = None, "collaboration.return_submit"
        else:
            if expected_version is None:
                raise Conflict(existing.version)
            check_version(existing, expected_version)
            before = snapshot(existing, RETURN_FIELDS) | {"clues": list(existing.clues.values_list("clue_no", flat=True))}
            save_changes(existing, values)
            saved, action = existing, "collaboration.return_revise"
        saved.clues.set(clues)
        record(acting_user, action, saved, before=before,
               after=snapshot(saved, RETURN_FIELDS) | {"clues": [c.clue_no for c in clues]})
    return saved
