"""The 20th's summary of the departments' transfers (每月20日汇总) and their feedback (信息通报).

A month's row per department: the clues it transferred that month (received_on in the month,
`Clue.department` the department) by ledger state, cases filed from them, and its return —
a list, a nil return, or none yet (missing once the 20th has passed). Counted through the
clues gatekeeper of the user who looks.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from qingfeng.clues.access import visible_clues
from qingfeng.clues.models import State
from qingfeng.collaboration import periods
from qingfeng.collaboration.models import MonthlyReturn
from qingfeng.core.months import month_end, month_of
from qingfeng.places.models import Department

COUNTS = ("transferred", "pending", "handling", "closed", "filed")


@dataclass
class DepartmentRow:
    department: Department
    transferred: int = 0
    pending: int = 0
    handling: int = 0
    closed: int = 0
    filed: int = 0
    monthly_return: MonthlyReturn | None = None
    status: str = "missing"  # "list", "nil", "missing" (due passed) or "waiting" (not yet due)

    @property
    def status_label(self) -> str:
        return {"list": _("已报送清单"), "nil": _("零报告"), "missing": _("未报送"), "waiting": _("待报送")}[self.status]

    @property
    def late(self) -> bool:
        return bool(self.monthly_return and self.monthly_return.late)

    @property
    def added_since(self) -> int:
        """Transfers of the month registered after the return was submitted (not on its list)."""
        listed = self.monthly_return.clue_count if self.monthly_return else 0
        return max(self.transferred - listed, 0) if self.monthly_return else 0


@dataclass
class Summary:
    month: date
    due: date
    rows: list[DepartmentRow]

    @property
    def missing(self) -> list[DepartmentRow]:
        return [r for r in self.rows if r.status == "missing"]

    @property
    def waiting(self) -> list[DepartmentRow]:
        return [r for r in self.rows if r.status == "waiting"]

    @property
    def totals(self) -> dict:
        return {key: sum(getattr(r, key) for r in self.rows) for key in COUNTS}


def received_in(clues, month: date):
    """Of `clues`, those received in the month `month` lies in."""
    return clues.filter(received_on__gte=month_of(month), received_on__lte=month_end(month))


def month_clues(user, month: date):
    """The departments' transfers of `month` that `user` may see (the clues gatekeeper: a liaison
    only their own department's, which is what their monthly return lists)."""
    return received_in(visible_clues(user).filter(department__isnull=False), month)


def summary(user, month: date, today: date) -> Summary:
    month = month_of(month)
    due = periods.return_due(month)
    counted = (month_clues(user, month).order_by().values("department_id").annotate(
        transferred=Count("id"), pending=Count("id", filter=Q(state=State.PENDING)),
        handling=Count("id", filter=Q(state=State.IN_PROGRESS)), closed=Count("id", filter=Q(state=State.CLOSED)),
        filed=Count("id", filter=Q(case_filed=True))))
    by_department = {row.pop("department_id"): row for row in counted}
    returns = {r.department_id: r for r in MonthlyReturn.objects.filter(month=month).select_related("submitted_by")}
    rows = []
    for department in Department.objects.order_by("code"):
        row = DepartmentRow(department, **by_department.get(department.id, {}))
        row.monthly_return = returns.get(department.id)
        if row.monthly_return is not None:
            row.status = row.monthly_return.kind
        else:
            row.status = "missing" if today > due else "waiting"
        rows.append(row)
    return Summary(month, due, rows)


def feedback(user, month: date | None = None):
    """What became of a liaison's transfers: the clues gatekeeper gives a liaison only their
    department's; the page shows state, disposal and outcome, never the reporter."""
    clues = visible_clues(user).select_related(None).select_related("township").defer(
        "reporter", "evidence", "extra")
    if month is not None:
        clues = received_in(clues, month)
    return clues.order_by("-received_on", "-id")
