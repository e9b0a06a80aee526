"""What the pages show of a clue's outcome: its case, its persons handled with their periods, refunds."""

from dataclasses import dataclass
from datetime import date

from qingfeng.cases import access, actions
from qingfeng.cases import measures as m
from qingfeng.cases.models import Case, Measure
from qingfeng.clues.models import Clue, Disposal


def case_of(clue: Clue) -> Case | None:
    return Case.objects.filter(clue=clue).first()


def stage_rows(case: Case) -> list[tuple[str, date | None, bool]]:
    """(stage label, its day, reached) for each stage of a case, in order."""
    reached = actions.STAGES.index(case.stage)
    return [(stage.label, getattr(case, actions.STAGE_DATE[stage]), index <= reached)
            for index, stage in enumerate(actions.STAGES)]


@dataclass
class MeasureRow:
    item: Measure
    form_name: str
    effect_ends: date | None
    probation_months: int | None
    refunds: list


def measure_rows(clue: Clue) -> list[MeasureRow]:
    items = clue.measures.prefetch_related("refunds__household").order_by("name", "id")
    return [MeasureRow(item, m.FORM_NAMES[item.form], item.effect_ends,
                       item.probation_months if (item.kind, item.measure) == m.PROBATION else None,
                       list(item.refunds.all()))
            for item in items]


def may_file(user, clue: Clue, case: Case | None) -> bool:
    if case is not None or not access.can_record_outcomes(user):
        return False
    if clue.case_filed:
        return True
    return clue.disposal == Disposal.CASE and clue.is_open


def block(user, clue: Clue) -> dict:
    """The context of the clue page's outcomes block."""
    case = case_of(clue)
    recorder = access.can_record_outcomes(user)
    return {
        "clue": clue, "case": case, "measures": measure_rows(clue), "may_file": may_file(user, clue, case),
        "may_record": recorder and bool(clue.disposal or clue.case_filed),
        "may_correct": recorder and clue.stage in actions.RESULT_STAGES,
        "closed": not clue.is_open,
    }
