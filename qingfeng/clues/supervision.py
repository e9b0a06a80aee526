"""督办: warnings, the 清零 backlog, handled counts per person, the clue timeline.

All are computed from what the user may see; working days come from
qingfeng.clues.deadlines, so no per-row database query is needed.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role, User
from qingfeng.audit.models import AuditEntry
from qingfeng.clues import deadlines
from qingfeng.clues.models import Clue, Stage, State


def badge(clue: Clue, today: date) -> str:
    """'red' (overdue) / 'yellow' (due within 3 working days) / '' for a clue's time limit.

    A named reporter not yet told of receipt counts too: the 15-working-day limit.
    """
    levels = [deadlines.warning(clue.due_on, today, open_=clue.is_open)]
    if clue.ack_due_on and not clue.acknowledged_on:
        levels.append(deadlines.warning(clue.ack_due_on, today, open_=clue.is_open))
    return "red" if "red" in levels else ("yellow" if "yellow" in levels else "")


def with_badges(clues, today: date) -> list[Clue]:
    rows = list(clues)
    for clue in rows:
        clue.badge = badge(clue, today)
    return rows


def open_clues(queryset: QuerySet) -> QuerySet:
    return queryset.exclude(state=State.CLOSED)


@dataclass
class BacklogRow:
    clue: Clue
    age: int  # working days since receipt
    badge: str


def backlog(queryset: QuerySet, today: date) -> list[BacklogRow]:
    """Every open clue, oldest first, with its age in working days (清零行动)."""
    rows = [
        BacklogRow(c, deadlines.working_days_between(c.received_on, today), badge(c, today))
        for c in open_clues(queryset).order_by("received_on", "id")
    ]
    return rows


def warnings(queryset: QuerySet, today: date) -> list[Clue]:
    """Open clues with a yellow or red warning, red first."""
    candidates = open_clues(queryset).filter(Q(due_on__isnull=False) | Q(ack_due_on__isnull=False,
                                                                          acknowledged_on__isnull=True))
    flagged = [c for c in with_badges(candidates.order_by("due_on", "id"), today) if c.badge]
    return sorted(flagged, key=lambda c: c.badge != "red")


def staff_counts(user) -> QuerySet:
    """Each staff member in the user's jurisdiction with the clues handled (办结) and in hand."""
    staff = access.scope(user, User.objects.exclude(role=Role.VILLAGE).filter(is_active=True), "jurisdiction__path")
    return staff.select_related("jurisdiction").annotate(
        handled=Count("handled_clues", filter=Q(handled_clues__state=State.CLOSED)),
        in_hand=Count("handled_clues", filter=~Q(handled_clues__state=State.CLOSED)),
    ).order_by("-handled", "username")


ACTION_LABELS = {
    "clue.create": _("登记"), "clue.propose": _("提出处置意见"), "clue.reject": _("退回处置意见"),
    "clue.approve": _("批准处置"), "clue.assign": _("交办承办"), "clue.record_result": _("录入办理结果"),
    "clue.close": _("办结销号"), "clue.archive": _("归档"), "clue.repeat": _("确认为重复件"),
    "clue.reassign": _("改变承办"), "clue.notice": _("督办通知"), "clue.attach": _("上传附件"),
    "clue.acknowledge": _("受理告知"), "clue.reporter.view": _("查看反映人信息"),
}


def timeline(clue: Clue) -> list[AuditEntry]:
    """The clue's history from the audit trail, labelled for people."""
    entries = list(
        AuditEntry.objects.filter(object_type="clues.clue", object_id=str(clue.id)).select_related("actor")
        .order_by("seq")
    )
    for entry in entries:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)
        stage = (entry.after or {}).get("stage")
        entry.stage_label = Stage(stage).label if stage in Stage.values else ""
    return entries
