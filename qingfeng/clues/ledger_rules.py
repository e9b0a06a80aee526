"""Rules between ledger columns, checked on the clue as it would be after the row."""

from qingfeng.clues.models import Clue, Source, State


def check_clue(clue: Clue) -> list[tuple[str, str]]:
    """(column, reason) for every rule the clue breaks; empty when it may be saved."""
    problems = []
    if clue.received_on is None:
        problems.append(("受理日期", "受理日期不能为空"))
    if not clue.source:
        problems.append(("线索来源", "线索来源不能为空"))
    if clue.channel and clue.source and clue.source != Source.PETITION:
        problems.append(("反映方式", f"反映方式只适用于信访举报，本线索来源为{clue.source}"))
    if clue.state == State.CLOSED and clue.closed_on is None:
        problems.append(("办结日期", "办理状态为已办结，但办结日期为空"))
    if clue.state != State.CLOSED and clue.closed_on is not None:
        problems.append(("办结日期", f"填写了办结日期，但办理状态为{clue.state}（应为已办结）"))
    if clue.case_filed and clue.filed_on is None:
        problems.append(("立案日期", "是否立案为“是”，但立案日期为空"))
    if not clue.case_filed and clue.filed_on is not None:
        problems.append(("立案日期", "填写了立案日期，但是否立案为“否”"))
    return problems


def default_state(clue: Clue) -> None:
    """An empty 办理状态 cell means not yet disposed of (待处置)."""
    if not clue.state:
        clue.state = State.PENDING
