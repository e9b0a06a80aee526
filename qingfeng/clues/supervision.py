"""督办: warnings, the 清零 backlog, handled counts per person, the clue timeline.

All are computed from what the user may see, as database queries that a page
slices (qingfeng.clues.listing); working days come from qingfeng.core.workdays.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role, User
from qingfeng.audit.models import AuditEntry
from qingfeng.clues import listing
from qingfeng.clues.models import Clue, Stage, State
from qingfeng.core import workdays


def badge(clue: Clue, today: date) -> str:
    """'red' (overdue) / 'yellow' (due within 3 working days) / '' for a clue's time limit.

    A named reporter not yet told of receipt counts too: the 15-working-day limit.
    """
    levels = [workdays.warning(clue.due_on, today, open_=clue.is_open)]
    if clue.ack_due_on and not clue.acknowledged_on:
        levels.append(workdays.warning(clue.ack_due_on, today, open_=clue.is_open))
    return "red" if "red" in levels else ("yellow" if "yellow" in levels else "")


def backlog(queryset: QuerySet, today: date) -> QuerySet:
    """Every open clue, oldest first, with its deadline colour (清零行动).

    A confirmed 重复件 leaves the backlog: its original carries the work.
    """
    return listing.with_badges(
        queryset.filter(listing.OPEN).exclude(listing.CONFIRMED_REPEAT), today
    ).order_by("received_on", "id")


def with_ages(clues, today: date) -> list[Clue]:
    """Set `age` (working days since receipt) on the clues of one displayed page.

    `workdays.working_days_between` reads the year tables it caches once per
    process (a prefix sum of working days per year), so each row costs two
    look-ups and a sum over the years between, never a walk over the days.
    """
    rows = list(clues)
    for clue in rows:
        clue.age = workdays.working_days_between(clue.received_on, today)
    return rows


def warnings(queryset: QuerySet, today: date) -> QuerySet:
    """Open clues with a yellow or red warning, red first, then by time limit."""
    flagged = listing.red(today) | listing.yellow(today, workdays.warning_horizon(today))
    return listing.with_badges(queryset.filter(flagged), today).order_by(*listing.red_first(today))


def staff_in_scope(user) -> QuerySet:
    """The active staff members (not village committees) in the user's jurisdiction."""
    return access.scope(user, User.objects.exclude(role=Role.VILLAGE).filter(is_active=True), "jurisdiction__path")


def staff_counts(staff: QuerySet) -> QuerySet:
    """`staff` with the clues each handled (办结) and has in hand, most handled first."""
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
    "clue.ledger_import": _("台账导入"), "clue.ledger_update": _("台账导入更新"),
}


def register_labels(labels: dict) -> None:
    """Another app's actions on clues (e.g. cases' "measure.add"), labelled in the history."""
    ACTION_LABELS.update(labels)


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
