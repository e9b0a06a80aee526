"""Leadership's view of all areas side by side: meetings held per month, open follow-ups and
problems (overdue among them), and the latest issued review's totals."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from qingfeng.collaboration import scores
from qingfeng.collaboration.models import FollowUp, Meeting, Problem, Review
from qingfeng.core.months import add_months, month_of
from qingfeng.places.models import Jurisdiction

MONTHS_SHOWN = 6


@dataclass
class AreaRow:
    area: Jurisdiction
    meetings: list[int] = field(default_factory=list)  # per month of `months`, oldest first
    open_follow_ups: int = 0
    overdue_follow_ups: int = 0
    open_problems: int = 0
    overdue_problems: int = 0
    resolved_problems: int = 0
    review: Review | None = None
    review_totals: dict | None = None


def months_shown(today: date) -> list[date]:
    this = month_of(today)
    return [add_months(this, -n) for n in range(MONTHS_SHOWN - 1, -1, -1)]


def area_rows(areas, today: date) -> tuple[list[date], list[AreaRow]]:
    areas = list(areas.order_by("path"))
    months = months_shown(today)
    rows = {a.id: AreaRow(a, meetings=[0] * len(months)) for a in areas}
    index = {m: i for i, m in enumerate(months)}
    held = Meeting.objects.filter(kind=Meeting.Kind.AREA, area__in=areas, held_on__gte=months[0],
                                  held_on__lte=today).values_list("area_id", "held_on")
    for area_id, held_on in held:
        rows[area_id].meetings[index[month_of(held_on)]] += 1
    follow_ups = (FollowUp.objects.filter(meeting__area__in=areas, done=False).values("meeting__area_id")
                  .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today))))
    for f in follow_ups:
        rows[f["meeting__area_id"]].open_follow_ups, rows[f["meeting__area_id"]].overdue_follow_ups = f["n"], f["late"]
    problems = (Problem.objects.filter(area__in=areas).values("area_id").annotate(
        open=Count("id", filter=Q(status=Problem.Status.OPEN)),
        late=Count("id", filter=Q(status=Problem.Status.OPEN, due_on__lt=today)),
        resolved=Count("id", filter=Q(status=Problem.Status.RESOLVED))))
    for p in problems:
        row = rows[p["area_id"]]
        row.open_problems, row.overdue_problems, row.resolved_problems = p["open"], p["late"], p["resolved"]
    issued = (Review.objects.filter(area__in=areas, status=Review.Status.ISSUED)
              .order_by("area_id", "-year", "-quarter").prefetch_related("rows"))
    for review in issued:
        row = rows[review.area_id]
        if row.review is None:
            row.review, row.review_totals = review, scores.totals(review.rows.all())
    return months, [rows[a.id] for a in areas]
