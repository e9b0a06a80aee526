"""Departments' monthly returns (联动联办): the month's transfer list, or an explicit nil return."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import periods, transfers
from qingfeng.collaboration.models import MonthlyReturn
from qingfeng.core import checks
from qingfeng.core.months import month_of
from qingfeng.core.versioning import Conflict, check_version

RETURN_FIELDS = ("department_id", "month", "kind", "clue_count", "note", "late")


def _returnable(month: date, today: date) -> date:
    month = month_of(month)
    if month >= month_of(today):
        raise ValidationError({"month": _("只能报送已经结束的月份。")})
    if month not in periods.return_months(today):
        raise ValidationError({"month": _("只能报送最近 %(n)s 个月的移送清单。") % {"n": periods.RETURN_MONTHS}})
    return month


def do_submit_return(*, acting_user, month: date, kind: str, confirmed: bool, note: str = "",
                     expected_version: int | None = None, now: datetime | None = None) -> MonthlyReturn:
    """Submit (or, with the version seen, revise) the department's return of a past month: the list
    of its transfers that month, confirmed, or an explicit nil return when there were none."""
    collab_access.require_liaison(acting_user)
    now = now or timezone.now()
    today = timezone.localdate(now)
    month = _returnable(month, today)
    if kind not in MonthlyReturn.Kind.values:
        raise ValidationError({"kind": _("请选择报送类型。")})
    if not confirmed:
        raise ValidationError({"confirmed": _("请确认报送内容。")})
    note = checks.text("note", note, 1000, required=False, multiline=True)
    with transaction.atomic():
        clues = list(transfers.month_clues(acting_user, month).order_by("received_on", "id"))
        if kind == MonthlyReturn.Kind.NIL and clues:
            raise ValidationError({"kind": _("%(month)s 本部门已移送线索 %(n)s 条，不能零报告，请报送移送清单。") % {
                "month": f"{month:%Y-%m}", "n": len(clues)}})
        if kind == MonthlyReturn.Kind.LIST and not clues:
            raise ValidationError({"kind": _("%(month)s 本部门没有移送线索，请报送零报告。") % {"month": f"{month:%Y-%m}"}})
        existing = (MonthlyReturn.objects.select_for_update()
                    .filter(department_id=acting_user.department_id, month=month).first())
        values = {"kind": kind, "clue_count": len(clues), "note": note, "submitted_by": acting_user,
                  "submitted_at": now}
        numbers = [c.clue_no for c in clues]
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
            saved.clues.set(clues)
            record(acting_user, "collaboration.return_submit", saved,
                   after=snapshot(saved, RETURN_FIELDS) | {"clues": numbers})
            return saved
        if expected_version is None:
            raise Conflict(existing.version)
        check_version(existing, expected_version)
        listed = list(existing.clues.values_list("clue_no", flat=True))
        save_and_record(acting_user, "collaboration.return_revise", existing, values, RETURN_FIELDS,
                        before_extra={"clues": listed}, after_extra={"clues": numbers})
        existing.clues.set(clues)
    return existing
