"""Audited state changes of clues: one `do_*` function per action.

Each runs in one transaction, locks the clue (`select_for_update`), checks the
version the user saw (a concurrent change raises Conflict — never a silent
overwrite), saves only the fields it changes and appends one audit entry.
The reporter's identity never enters the audit trail; only the fact of a look.
"""

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record, snapshot
from qingfeng.cases.campaigns import access as campaign_access
from qingfeng.clues import deadlines, numbers, validation, workflow
from qingfeng.clues.access import access_clue_by_id, can_register, can_see_reporter
from qingfeng.clues.models import Attachment, Channel, Clue, Reporter, Source, SupervisionNotice
from qingfeng.places.models import Jurisdiction
from qingfeng.core.versioning import Conflict, check_version, save_changes

__all__ = ["Conflict", "do_create_clue", "do_transition", "do_mark_repeat", "do_acknowledge", "reveal_reporter"]

AUDITED_FIELDS = (
    "clue_no", "received_on", "source", "channel", "subject", "subject_post", "township_id", "village_id",
    "owner_id", "department_id", "category", "summary", "amount_involved", "is_repeat", "repeat_of_id",
    "stage", "state", "proposed_disposal", "proposal_reason", "disposal", "leader_id", "handler_unit",
    "handler_name", "handler_id", "due_on", "result", "closed_on", "case_filed", "filed_on",
    "persons_sanctioned", "org_handled", "first_form", "judicial", "recovered", "returned", "investigated",
    "dealt_with", "fed_back", "feedback_on", "file_complete", "educated", "archived", "acknowledged_on",
    "hit_key", "version",
)
ANONYMOUS = {"", "匿名"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _county_of(place: Jurisdiction | None) -> Jurisdiction:
    if place is not None:
        code = place.path.strip("/").split("/")[0]
        return Jurisdiction.objects.get(code=code)
    return Jurisdiction.objects.get(level=Jurisdiction.Level.COUNTY)


def do_create_clue(
    *, acting_user, received_on: date, source: str, channel: str = "", reporter_name: str = "",
    reporter_contact: str = "", subject: str = "", subject_post: str = "", township=None, village=None,
    owner=None, department=None, category: str = "", summary: str = "", amount_involved=None, note: str = "",
    evidence=None, hit_key: str | None = None, campaign=None, market_day=None,
) -> tuple[Clue, bool]:
    """Register a clue. With a `hit_key` already seen, returns that clue and False.

    `acting_user=None` is the system (the cross-check adapter, source 大数据比对).
    `campaign` (a cases.Campaign) tags the clue at intake; the intake form offers it
    only to those who may tag (cases.campaigns.access). `market_day` (a places.MarketDay) is
    where a 来访 clue was taken on a market day; the clue is received that day.
    """
    if acting_user is not None:
        if not can_register(acting_user):
            raise PermissionDenied
        if campaign is not None and not campaign_access.can_tag(acting_user):
            raise PermissionDenied
        if acting_user.role == Role.DEPARTMENT:
            source, channel, department = Source.DEPARTMENT, "", acting_user.department
    # The same checks as the ledger import and every other way in (qingfeng.clues.validation).
    errors = validation.required_errors({"source": source, "summary": summary}) | validation.clue_errors({
        "received_on": received_on, "source": source, "channel": channel, "reporter_name": reporter_name,
        "reporter_contact": reporter_contact, "subject": subject, "subject_post": subject_post,
        "category": category, "summary": summary, "amount_involved": amount_involved, "note": note,
    })
    if source == Source.PETITION and not channel:
        errors["channel"] = _("信访举报须选择反映方式。")
    if source != Source.PETITION and channel:
        errors["channel"] = _("只有信访举报填写反映方式。")
    if market_day is not None:
        if channel != Channel.VISIT:
            errors["market_day"] = _("只有来访的线索可以选择赶集日举报点。")
        elif market_day.day != received_on:
            errors["market_day"] = _("受理日期应为该赶集日（%(day)s）。") % {"day": market_day.day.isoformat()}
        elif township is None or market_day.point.township_id != township.id:
            errors["market_day"] = _("该赶集日举报点在%(township)s，线索的所属乡镇应为%(township)s。") % {
                "township": market_day.point.township.name}
    if village is not None and (township is None or not township.contains(village)):
        errors["village"] = _("所属村不在所属乡镇内。")
    owner = owner or township or _county_of(township)
    if acting_user is not None and not access.in_scope(acting_user, owner) and acting_user.role != Role.DEPARTMENT:
        errors["owner"] = _("承办辖区不在您的辖区内。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = _clue_with_hit_key(hit_key)
        if existing is not None:
            return existing, False
        try:
            # Two cross-check runs may make the same hit at once: the unique index on
            # hit_key is the guard, and the loser gets the winner's clue back.
            with transaction.atomic():
                clue, named = _insert_clue(
                    received_on=received_on, source=source, channel=channel,
                    reporter_name=reporter_name, reporter_contact=reporter_contact, subject=subject,
                    subject_post=subject_post, township=township, village=village, owner=owner,
                    department=department, category=category, summary=summary,
                    amount_involved=amount_involved, note=note, evidence=evidence, hit_key=hit_key or None,
                    campaign=campaign, market_day=market_day,
                )
        except IntegrityError:
            existing = _clue_with_hit_key(hit_key)  # committed by the other run meanwhile
            if existing is None:
                raise
            return existing, False
        after = snapshot(clue, AUDITED_FIELDS) | {"reporter_named": named}
        if campaign is not None:
            after["campaign_id"] = campaign.id
        if market_day is not None:
            after["market_day_id"] = market_day.id
        record(acting_user, "clue.create", clue, after=after)
    return clue, True


def _clue_with_hit_key(hit_key: str | None) -> Clue | None:
    return Clue.objects.filter(hit_key=hit_key).first() if hit_key else None


def _insert_clue(*, received_on: date, reporter_name: str, reporter_contact: str, **fields):
    named = reporter_name.strip() not in ANONYMOUS
    reporter = Reporter.objects.create(name=reporter_name.strip(), contact=reporter_contact) if named else None
    clue = Clue.objects.create(
        clue_no=numbers.next_clue_no(received_on), received_on=received_on, reporter=reporter,
        ack_due_on=deadlines.ack_due(received_on) if named else None, **fields,
    )
    return clue, named


def _locked(clue_id: int, acting_user, expected_version: int | None) -> Clue:
    if acting_user is None:
        clue = Clue.objects.select_for_update().get(id=clue_id)
    else:
        clue = access_clue_by_id(acting_user, clue_id, for_update=True)
    return check_version(clue, expected_version)


def _save(clue: Clue, changes: dict, acting_user, action: str, extra_after: dict | None = None) -> Clue:
    before = snapshot(clue, changes)
    save_changes(clue, changes)
    record(acting_user, action, clue, before=before, after=snapshot(clue, changes) | (extra_after or {}))
    return clue


def do_transition(clue_id: int, name: str, *, acting_user, expected_version: int, payload: dict | None = None,
                  today: date | None = None) -> Clue:
    """Move a clue along the workflow (see qingfeng.clues.workflow)."""
    payload = dict(payload or {}, acting_user_id=acting_user.id)
    refused = validation.clue_errors(payload, today=_today(today))
    if refused:
        raise workflow.TransitionError(refused)
    with transaction.atomic():
        clue = _locked(clue_id, acting_user, expected_version)
        planned = workflow.plan(clue, name, acting_user.role, payload, _today(today))
        if name == "record_result":
            _outcomes_from_cases(clue, planned.changes)
        return _save(clue, planned.changes, acting_user, f"clue.{name}")


def _outcomes_from_cases(clue: Clue, changes: dict) -> None:
    """A filed case and the persons handled decide what the result form also carries:
    the case keeps the clue filed (on its day), the persons give the six counts."""
    from qingfeng.cases.counts import counts_of

    case = getattr(clue, "case", None)  # the reverse one-to-one: None when no case was filed
    if case is not None:
        changes.update(case_filed=True, filed_on=case.filed_on)
    derived = counts_of(clue)
    if derived is not None:
        changes.update(derived)


def do_mark_repeat(clue_id: int, *, acting_user, original_id: int, expected_version: int) -> Clue:
    """Confirm a suggested repeat: this clue is a 重复件 of `original_id`."""
    if not can_register(acting_user) and acting_user.role not in workflow.TRANSITIONS["approve"].roles:
        raise PermissionDenied
    with transaction.atomic():
        clue = _locked(clue_id, acting_user, expected_version)
        original = access_clue_by_id(acting_user, original_id)
        if original.id == clue.id or original.repeat_of_id == clue.id:
            raise ValidationError({"original": _("不能标记为自身的重复件。")})
        root = original.repeat_of if original.repeat_of_id else original
        return _save(clue, {"is_repeat": True, "repeat_of_id": root.id}, acting_user, "clue.repeat")


def do_acknowledge(clue_id: int, *, acting_user, expected_version: int, on: date | None = None) -> Clue:
    """Record that a named reporter was told the clue was received (受理告知)."""
    with transaction.atomic():
        clue = _locked(clue_id, acting_user, expected_version)
        if clue.reporter_id is None or not can_see_reporter(acting_user, clue):
            raise PermissionDenied
        if not clue.is_open or clue.acknowledged_on is not None:
            raise ValidationError({"__all__": _("只有未办结、尚未告知的实名线索才能记录受理告知。")})
        return _save(clue, {"acknowledged_on": _today(on)}, acting_user, "clue.acknowledge")


def reveal_reporter(clue_id: int, *, acting_user) -> Reporter | None:
    """The reporter's identity, for those in custody of it; every look is logged."""
    clue = access_clue_by_id(acting_user, clue_id)
    if not can_see_reporter(acting_user, clue):
        raise PermissionDenied
    with transaction.atomic():
        record(acting_user, "clue.reporter.view", clue, after={"clue_no": clue.clue_no})
    return clue.reporter


REASSIGN_MODES = {"提级办理", "交叉办理", "直查直办"}


def do_reassign(clue_id: int, *, acting_user, mode: str, target: Jurisdiction, expected_version: int,
                reason: str) -> Clue:
    """提级办理 (up to the 片区 or county), 交叉办理 (to another 片区), 直查直办 (to the county)."""
    if mode not in REASSIGN_MODES or not reason:
        raise ValidationError({"mode": _("请选择办理方式并说明理由。")})
    if refused := validation.clue_errors({"reason": reason}):
        raise ValidationError(refused)
    with transaction.atomic():
        clue = _locked(clue_id, acting_user, expected_version)
        if not clue.is_open:
            raise ValidationError({"mode": _("已办结的线索不能改变承办辖区。")})
        _check_reassign(acting_user, clue, mode, target)
        extra = dict(clue.extra, 办理方式=mode)
        changes = {"owner_id": target.id, "extra": extra}
        return _save(clue, changes, acting_user, "clue.reassign", {"mode": mode, "reason": reason})


def _check_reassign(user, clue: Clue, mode: str, target: Jurisdiction) -> None:
    L = Jurisdiction.Level
    county_level = user.role in {Role.LEADERSHIP, Role.ADMIN}
    if mode == "提级办理":
        ok = target.level in {L.AREA, L.COUNTY} and target.contains(clue.owner) and target.id != clue.owner_id
        ok = ok and (county_level or (user.role == Role.AREA_LEADER and access.in_scope(user, target)))
    elif mode == "交叉办理":
        ok = county_level and target.level == L.AREA and not target.contains(clue.owner)
    else:
        ok = county_level and target.level == L.COUNTY
    if not ok:
        raise PermissionDenied


def do_issue_notice(clue_id: int, *, acting_user, message: str, level: int | None = None,
                    reply_by: date | None = None) -> SupervisionNotice:
    """A 督办通知; without a level, one above the clue's last notice (at most 挂牌督办)."""
    from qingfeng.clues.access import can_supervise

    if not can_supervise(acting_user):
        raise PermissionDenied
    if not message:
        raise ValidationError({"message": _("必填。")})
    if refused := validation.clue_errors({"message": message, "reply_by": reply_by}):
        raise ValidationError(refused)
    with transaction.atomic():
        clue = _locked(clue_id, acting_user, None)
        last = clue.notices.order_by("-level").values_list("level", flat=True).first() or 0
        level = level or min(last + 1, SupervisionNotice.Level.LISTED)
        notice = SupervisionNotice.objects.create(
            clue=clue, level=level, message=message, reply_by=reply_by, issued_by=acting_user
        )
        record(acting_user, "clue.notice", clue, after={"level": level, "message": message,
                                                        "reply_by": reply_by.isoformat() if reply_by else None})
    return notice


def do_add_attachment(clue_id: int, *, acting_user, upload) -> Attachment:
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("附件不能超过20MB。")})
    name = re.sub(r"[\\/\x00-\x1f]", "_", upload.name)[-200:]
    with transaction.atomic():
        clue = _locked(clue_id, acting_user, None)
        attachment = Attachment(clue=clue, name=name, size=upload.size, uploaded_by=acting_user)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        record(acting_user, "clue.attach", clue, after={"attachment": attachment.id, "name": name,
                                                        "size": upload.size})
    return attachment


# What closing a 予以了结 clue in bulk declares done: 反馈到位 never, a named reporter
# must still be told (the clue then stays at 待办结 with the reason).
BULK_CLOSE_ITEMS = {"investigated": True, "dealt_with": True, "file_complete": True, "educated": True}


def do_bulk_triage(clue_ids: list[int], *, acting_user, disposal: str, reason: str, close_out: bool = False,
                   today: date | None = None) -> list[tuple[int, bool, str]]:
    """Dispose many clues with one reason (e.g. 予以了结 for data-check false positives).

    A leader's proposal is approved at once, and with `close_out` a 予以了结 clue is
    closed too — each clue still passes every workflow check on its own (a named
    reporter still needs feedback). Returns (clue id, succeeded, message) per clue.
    """
    if acting_user.role not in workflow.TRANSITIONS["propose"].roles:
        raise PermissionDenied
    leader = acting_user.role in workflow.TRANSITIONS["approve"].roles
    close_items = BULK_CLOSE_ITEMS if close_out else None
    outcome = []
    for clue_id in clue_ids:
        try:
            with transaction.atomic():
                clue = access_clue_by_id(acting_user, clue_id)
                clue = do_transition(clue.id, "propose", acting_user=acting_user, expected_version=clue.version,
                                     payload={"disposal": disposal, "reason": reason}, today=today)
                if leader:
                    clue = do_transition(clue.id, "approve", acting_user=acting_user,
                                         expected_version=clue.version, today=today)
                message = ""
                if leader and close_items and clue.stage == workflow.S.RESULT:
                    try:
                        with transaction.atomic():
                            clue = do_transition(clue.id, "close", acting_user=acting_user,
                                                 expected_version=clue.version, payload=close_items, today=today)
                    except workflow.TransitionError as exc:
                        message = f"（{exc}）"  # e.g. a named reporter still needs feedback
            outcome.append((clue_id, True, f"{clue.get_stage_display()}{message}"))
        except workflow.TransitionError as exc:
            outcome.append((clue_id, False, str(exc)))
        except (Http404, PermissionDenied, Conflict):
            outcome.append((clue_id, False, _("无权处理或已被他人修改。")))
    return outcome
