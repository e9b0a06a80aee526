"""Leadership's view of 问责: counts per measure by township and by county department.

One grouped query over the (already scoped and filtered) decisions; the rows are folded
in Python. Each row: the count per (target type, measure) column, the 党组织 and 领导干部
totals, the principal leaders (是否主要负责人), and the row total; a totals row last.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from qingfeng.cases.measures import ACCOUNTABILITY_MEASURES, TargetType
from qingfeng.places.models import Department, Jurisdiction

COLUMNS = [(target_type, measure) for target_type, measures in ACCOUNTABILITY_MEASURES.items() for measure in measures]
NO_DEPARTMENT = _("（未注明部门）")


@dataclass
class Row:
    name: str
    cells: dict = field(default_factory=dict)  # (target type, measure) -> count
    principal: int = 0

    def add(self, target_type: str, measure: str, count: int, principal: int) -> None:
        self.cells[(target_type, measure)] = self.cells.get((target_type, measure), 0) + count
        self.principal += principal

    def of(self, target_type: str) -> int:
        return sum(n for (kind, _m), n in self.cells.items() if kind == target_type)

    @property
    def counts(self) -> list[int]:
        return [self.cells.get(column, 0) for column in COLUMNS]

    @property
    def organisations(self) -> int:
        return self.of(TargetType.ORGANISATION)

    @property
    def leaders(self) -> int:
        return self.of(TargetType.LEADER)

    @property
    def total(self) -> int:
        return sum(self.cells.values())


def tables(queryset) -> tuple[list[Row], list[Row]]:
    """(by township, by department), each with its totals row last (no rows: empty list)."""
    cells = list(queryset.order_by().values("township_id", "department_id", "target_type", "measure").annotate(
        n=Count("id"), principal=Count("id", filter=Q(principal=True, target_type=TargetType.LEADER))))
    townships = {i: (name, path) for i, name, path in Jurisdiction.objects.filter(
        id__in={c["township_id"] for c in cells if c["township_id"]}).values_list("id", "name", "path")}
    departments = {i: (name, code) for i, name, code in Department.objects.filter(
        id__in={c["department_id"] for c in cells if c["department_id"]}).values_list("id", "name", "code")}
    by_township: dict = {}
    by_department: dict = {}
    for c in cells:
        if c["township_id"]:
            name, order = townships[c["township_id"]]
            row = by_township.setdefault(order, Row(name))
        else:
            name, order = departments.get(c["department_id"], (str(NO_DEPARTMENT), "\uffff"))
            row = by_department.setdefault(order, Row(name))
        row.add(c["target_type"], c["measure"], c["n"], c["principal"])
    return _with_total(by_township), _with_total(by_department)


def _with_total(rows: dict) -> list[Row]:
    ordered = [rows[key] for key in sorted(rows)]
    if not ordered:
        return []
    total = Row(str(_("合计")))
    for row in ordered:
        for (target_type, measure), n in row.cells.items():
            total.add(target_type, measure, n, 0)
        total.principal += row.principal
    return [*ordered, total]
