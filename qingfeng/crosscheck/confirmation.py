"""Each rule's confirmation rate: 属实 ÷ reviewed (unreviewed hits are not counted),
per run (the clues the run's hits made or found) and over time (every review)."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from qingfeng.crosscheck.models import HitReview, RunHit

CONFIRMED = HitReview.Verdict.CONFIRMED


@dataclass(frozen=True)
class Rate:
    reviewed: int
    confirmed: int

    @property
    def refuted(self) -> int:
        return self.reviewed - self.confirmed

    @property
    def percent(self) -> float | None:
        """One decimal (66.7); None before any review."""
        return round(100 * self.confirmed / self.reviewed, 1) if self.reviewed else None


def _by_rule(reviews: QuerySet) -> dict[str, Rate]:
    rows = reviews.values("rule").annotate(n=Count("id"), yes=Count("id", filter=Q(verdict=CONFIRMED)))
    return {r["rule"]: Rate(r["n"], r["yes"]) for r in rows.order_by("rule")}


def rates_over_time(reviews: QuerySet | None = None) -> dict[str, Rate]:
    """rule -> Rate over `reviews` (default: all)."""
    return _by_rule(reviews if reviews is not None else HitReview.objects.all())


def rates_of_run(run) -> dict[str, Rate]:
    """rule -> Rate over the clues of this run's hits (a clue found again counts in each run)."""
    clue_ids = RunHit.objects.filter(run=run).values("clue_id")
    return _by_rule(HitReview.objects.filter(clue_id__in=clue_ids))


def rate_rows(rates: dict[str, Rate], titles: dict[str, str]) -> list[dict]:
    """Rows for a page's table, by rule id."""
    return [{"rule": rule, "title": titles.get(rule, ""), "reviewed": r.reviewed, "confirmed": r.confirmed,
             "refuted": r.refuted, "percent": r.percent} for rule, r in sorted(rates.items())]
