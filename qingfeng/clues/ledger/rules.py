"""Rules between ledger columns, checked on the values a clue would have after the row.

The check runs before the row touches the clue: a row that breaks a rule leaves
the clue exactly as it was, with nothing to undo.
"""

from django.utils.translation import gettext as _

from qingfeng.clues.models import Source, State

# The clue fields the rules read.
FIELDS = ("received_on", "source", "channel", "state", "closed_on", "case_filed", "filed_on")


def check(values: dict) -> list[tuple[str, str]]:
    """(column, reason) for every rule the values (FIELDS) break; empty when they may be saved."""
    problems = []
    source, state = values["source"], values["state"]
    if values["received_on"] is None:
        problems.append(("受理日期", _("受理日期不能为空")))
    if not source:
        problems.append(("线索来源", _("线索来源不能为空")))
    if values["channel"] and source and source != Source.PETITION:
        problems.append(("反映方式", _("反映方式只适用于信访举报，本线索来源为%(source)s") % {"source": source}))
    if state == State.CLOSED and values["closed_on"] is None:
        problems.append(("办结日期", _("办理状态为已办结，但办结日期为空")))
    if state != State.CLOSED and values["closed_on"] is not None:
        problems.append(("办结日期", _("填写了办结日期，但办理状态为%(state)s（应为已办结）") % {"state": state}))
    if values["case_filed"] and values["filed_on"] is None:
        problems.append(("立案日期", _("是否立案为“是”，但立案日期为空")))
    if not values["case_filed"] and values["filed_on"] is not None:
        problems.append(("立案日期", _("填写了立案日期，但是否立案为“否”")))
    return problems


def state_or_default(state: str) -> str:
    """An empty 办理状态 cell means not yet disposed of (待处置)."""
    return state or State.PENDING
