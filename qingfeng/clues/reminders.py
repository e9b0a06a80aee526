"""The clues' inbox sources (qingfeng.inbox.sources, registered in CluesConfig.ready()): clue
deadlines, 督办 notices, cross-check hits awaiting disposal. Each is one query at most.

Whose they are (docs/inbox.md, "谁看到什么"): a clue's deadlines go to the people who must act
on it — its handler (承办人), its responsible leader (责任领导), the township officers of the
township that owns it, an area leader for what the 片区 itself owns, the intake office for
what the county owns and for every 受理告知 deadline. Supervisors see everyone's deadlines on
the 督办预警 page; the inbox is what needs *them*. Titles carry clue numbers, never names: an
outbound channel (SMS) may send them as they are.
"""

from datetime import date

from django.db.models import CharField, Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.models import AuditEntry
from qingfeng.clues import listing
from qingfeng.clues.access import visible_clues
from qingfeng.clues.models import Source, Stage, State, SupervisionNotice
from qingfeng.core import workdays
from qingfeng.inbox.sources import Reminder

ROW_LIMIT = 200  # reminders of one kind at most; the 督办预警 page lists everything
NOTICE_ROLES = frozenset({Role.TOWNSHIP, Role.AREA_LEADER, Role.INTAKE, Role.CASE_HANDLER})
HIT_ROLES = frozenset({Role.TOWNSHIP, Role.AREA_LEADER, Role.INTAKE})
# Audit actions on a clue that do not answer a notice: the notice itself, and reading the reporter's identity.
NOT_AN_ANSWER = ("clue.notice", "clue.reporter.view")


def _mine(user) -> Q | None:
    """The clues whose deadlines need `user` (None: no clue deadlines for this role)."""
    handled = Q(handler_id=user.id)
    if user.role == Role.TOWNSHIP:
        return Q(owner__path__startswith=access.root_path(user)) | handled
    if user.role in (Role.AREA_LEADER, Role.INTAKE):
        return Q(owner_id=user.jurisdiction_id) | Q(leader_id=user.id) | handled
    if user.role == Role.CASE_HANDLER:
        return handled
    if user.role == Role.LEADERSHIP:
        return Q(leader_id=user.id) | handled
    return None  # departments, village committees, administrators


def _clue_url(clue_id: int) -> str:
    return reverse("clues:detail", args=[clue_id])


def _deadline_text(no: str, due_on: date, today: date) -> str:
    if due_on < today:
        return _("线索 %(no)s 已超过办理时限（%(date)s），超期 %(days)s 个工作日") % {
            "no": no, "date": due_on.isoformat(), "days": workdays.working_days_between(due_on, today)}
    if due_on == today:
        return _("线索 %(no)s 今日到期（办理时限 %(date)s）") % {"no": no, "date": due_on.isoformat()}
    return _("线索 %(no)s 将于 %(date)s 到期，还有 %(days)s 个工作日") % {
        "no": no, "date": due_on.isoformat(), "days": workdays.working_days_between(today, due_on)}


def _ack_text(no: str, due_on: date, today: date) -> str:
    if due_on < today:
        return _("线索 %(no)s 受理告知已超期（应于 %(date)s 前告知反映人）") % {"no": no, "date": due_on.isoformat()}
    return _("线索 %(no)s 应于 %(date)s 前告知反映人受理情况") % {"no": no, "date": due_on.isoformat()}


def clue_deadlines(user, today: date) -> list[Reminder]:
    """办理时限 within WARN_WORKING_DAYS working days, or past; for the intake office also 受理告知."""
    mine = _mine(user)
    if mine is None:
        return []
    rows = (visible_clues(user).filter(listing.in_backlog(), mine, workdays.due_soon_q("due_on", today))
            .order_by("due_on", "id").values_list("id", "clue_no", "due_on")[:ROW_LIMIT])
    found = [Reminder("clue_deadline", _deadline_text(no, due_on, today), _clue_url(pk), due_on, due_on < today)
             for pk, no, due_on in rows]
    if user.role == Role.INTAKE:
        acks = (visible_clues(user).filter(listing.OPEN, workdays.due_soon_q("ack_due_on", today),
                                           acknowledged_on__isnull=True)
                .order_by("ack_due_on", "id").values_list("id", "clue_no", "ack_due_on")[:ROW_LIMIT])
        found += [Reminder("clue_ack", _ack_text(no, due_on, today), _clue_url(pk), due_on, due_on < today)
                  for pk, no, due_on in acks]
    return found


def supervision_notices(user, today: date) -> list[Reminder]:
    """督办通知 on open clues addressed to the user — the owning jurisdiction, or the handler — not yet answered.

    Answered: someone other than the issuer recorded a step on the clue after the notice
    (a workflow action, a result, an attachment such as the written reply), per the audit
    trail. The newest unanswered notice of a clue stands for the clue.
    """
    if user.role not in NOTICE_ROLES:
        return []
    answered = (AuditEntry.objects.filter(object_type="clues.clue", object_id=Cast(OuterRef("clue_id"), CharField()),
                                          at__gt=OuterRef("issued_at"))
                .exclude(action__in=NOT_AN_ANSWER).exclude(actor_id=OuterRef("issued_by_id")))
    rows = (SupervisionNotice.objects
            .filter(Exists(visible_clues(user).filter(id=OuterRef("clue_id"))),
                    Q(clue__owner_id=user.jurisdiction_id) | Q(clue__handler_id=user.id))
            .exclude(clue__state=State.CLOSED).exclude(issued_by_id=user.id).exclude(Exists(answered))
            .order_by("-id").values_list("id", "clue_id", "clue__clue_no", "level", "reply_by")[:ROW_LIMIT])
    found, clues = [], set()
    for pk, clue_id, no, level, reply_by in rows:
        if clue_id in clues:
            continue
        clues.add(clue_id)
        values = {"level": SupervisionNotice.Level(level).label, "no": no}
        if reply_by:
            values["date"] = reply_by.isoformat()
            text = _("%(level)s：线索 %(no)s，请于 %(date)s 前回复") % values
        else:
            text = _("%(level)s：线索 %(no)s，待回复") % values
        found.append(Reminder("supervision_notice", text, _clue_url(clue_id), reply_by,
                              bool(reply_by and reply_by < today), key=str(pk)))
    return found


def crosscheck_hits(user, today: date) -> list[Reminder]:
    """大数据比对 clues of the user's jurisdiction still waiting for a disposal proposal: one reminder."""
    if user.role not in HIT_ROLES:
        return []
    waiting = visible_clues(user).filter(source=Source.DATA, hit_key__isnull=False, stage=Stage.REGISTERED)
    found = waiting.order_by().aggregate(n=Count("id"), newest=Max("id"))
    if not found["n"]:
        return []
    text = _("%(count)s 条大数据比对线索待处置") % {"count": found["n"]}
    url = f"{reverse('clues:list')}?{urlencode({'source': Source.DATA, 'stage': Stage.REGISTERED})}"
    return [Reminder("crosscheck_hits", text, url, key=str(found["newest"]))]  # a newer hit shows it again


SOURCES = (clue_deadlines, supervision_notices, crosscheck_hits)
