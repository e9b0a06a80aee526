"""A review's per-township figures: the ledger's §2 indicators (qingfeng.reports.indicators), not a recount.

One grouped query over the reviewer's statistics scope (qingfeng.reports.scope.stats_clues),
the clues of the area's townships grouped by their township — the cells of the reports'
township breakdown.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from qingfeng.places.models import Jurisdiction
from qingfeng.reports import indicators
from qingfeng.reports.scope import stats_clues

FIGURES = ("clues_received", "petitions_received", "petitions_closed", "overdue_open", "cases_filed")


def close_rate(closed: int, received: int) -> Decimal | None:
    """信访举报办结率 (petitions_closed / petitions_received) in percent, one decimal."""
    if not received:
        return None
    return (Decimal(closed) * 100 / Decimal(received)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def area_townships(area: Jurisdiction) -> list[Jurisdiction]:
    return list(Jurisdiction.objects.filter(parent=area, level=Jurisdiction.Level.TOWNSHIP).order_by("path"))


def township_figures(user, townships: list[Jurisdiction], date_from: date, date_to: date) -> dict[int, dict]:
    """{township id: {figure: value}} for each of `townships` (zeros where nothing counted)."""
    clues = stats_clues(user).filter(township__in=townships)
    rows = (indicators.relevant(clues, date_from, date_to).order_by().values("township_id")
            .annotate(**indicators.clue_aggregates(date_from, date_to, FIGURES)))
    found = {row["township_id"]: {key: int(row[key] or 0) for key in FIGURES} for row in rows}
    return {t.id: found.get(t.id, dict.fromkeys(FIGURES, 0)) for t in townships}


def totals(rows) -> dict:
    """The sums of a review's rows (objects with the FIGURES attributes) and their close rate."""
    sums = {key: sum(getattr(row, key) for row in rows) for key in FIGURES}
    return sums | {"close_rate": close_rate(sums["petitions_closed"], sums["petitions_received"])}
