"""The indicator table of 巡察整改, per round and for the year, with the seed's figures as
columns: villages inspected / extended, problems fed back / rectified (verified), 立行立改
problems / rectified, suggestions, rules established, money returned (元).

立行立改 problems are counted among the problems fed back too (the seed: 283 fed back, 84
of them to be put right at once).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from qingfeng.inspections.models import (
    Problem,
    Round,
    RuleEstablished,
    Suggestion,
    Target,
)

VERIFIED = Problem.Status.VERIFIED


@dataclass
class Figures:
    villages: int = 0
    extended_villages: int = 0
    problems: int = 0
    rectified: int = 0
    immediate: int = 0
    immediate_rectified: int = 0
    suggestions: int = 0
    rules: int = 0
    money_returned: Decimal = field(default_factory=lambda: Decimal("0.00"))

    def add(self, other: "Figures") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _by_round(queryset, key: str, **aggregates) -> dict:
    return {row[key]: row for row in queryset.values(key).annotate(**aggregates).order_by()}


def figures_by_round(rounds) -> dict[int, Figures]:
    ids = [r.id for r in rounds]
    targets = _by_round(Target.objects.filter(round_id__in=ids), "round_id",
                        n_villages=Count("id", filter=Q(village__isnull=False, extended=False)),
                        n_extended=Count("id", filter=Q(village__isnull=False, extended=True)))
    problems = _by_round(
        Problem.objects.filter(target__round_id__in=ids), "target__round_id",
        n_problems=Count("id"), n_rectified=Count("id", filter=Q(status=VERIFIED)),
        n_immediate=Count("id", filter=Q(immediate=True)),
        n_immediate_rectified=Count("id", filter=Q(immediate=True, status=VERIFIED)),
        n_money=Sum("money_returned"))
    suggestions = _by_round(Suggestion.objects.filter(round_id__in=ids), "round_id", n=Count("id"))
    rules = _by_round(RuleEstablished.objects.filter(round_id__in=ids), "round_id", n=Count("id"))
    out = {}
    for round_id in ids:
        t, p = targets.get(round_id, {}), problems.get(round_id, {})
        out[round_id] = Figures(
            villages=t.get("n_villages", 0), extended_villages=t.get("n_extended", 0),
            problems=p.get("n_problems", 0), rectified=p.get("n_rectified", 0), immediate=p.get("n_immediate", 0),
            immediate_rectified=p.get("n_immediate_rectified", 0),
            suggestions=suggestions.get(round_id, {}).get("n", 0), rules=rules.get(round_id, {}).get("n", 0),
            money_returned=Decimal(p.get("n_money") or 0).quantize(Decimal("0.01")),
        )
    return out


def year_table(year: int) -> tuple[list[tuple[Round, Figures]], Figures]:
    """Each round of `year` with its figures, and the year's total."""
    rounds = list(Round.objects.filter(year=year).order_by("number"))
    by_round = figures_by_round(rounds)
    total = Figures()
    for figures in by_round.values():
        total.add(figures)
    # A village inspected in two rounds of the year counts once in the year's total.
    targets = Target.objects.filter(round__year=year, village__isnull=False)
    total.villages = targets.filter(extended=False).values("village_id").distinct().count()
    total.extended_villages = targets.filter(extended=True).values("village_id").distinct().count()
    return [(r, by_round[r.id]) for r in rounds], total


def kinds_of(rounds) -> dict[str, int]:
    """How many rounds of each kind (the seed: 三次常规巡察, 一次专项巡察)."""
    counts = {kind: 0 for kind in Round.Kind.values}
    for r in rounds:
        counts[r.kind] += 1
    return counts
