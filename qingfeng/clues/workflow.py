"""The clue workflow as one explicit state machine.

    待处置 ─propose→ 待审批 ─approve→ 待交办 ─assign→ 办理中 ─record_result→ 待办结 ─close→ 已办结 ─archive→ 已归档
                       │  └─reject→ 待处置            (予以了结 goes straight to 待办结,
                       └─approve(暂存待查)→ 暂存待查 ─propose→ …   暂存待查 waits to be re-proposed)

`TRANSITIONS` is the whole table: from which stages, by which roles, to which
stage. `plan()` checks one request against it and returns the field changes;
it never touches the database, so the actions and the tests share one truth.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from qingfeng.accounts.models import Role
from qingfeng.clues.stages import STAGE_STATE, Disposal, Stage
from qingfeng.core import workdays

if TYPE_CHECKING:
    from qingfeng.clues.models import Clue

S = Stage
R = Role


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    roles: frozenset
    target: Stage | None  # None: depends on the approved disposal (see APPROVAL_TARGET)


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("propose", _("提出处置意见"), frozenset({S.REGISTERED, S.SHELVED}),
                   frozenset({R.INTAKE, R.AREA_LEADER, R.CASE_HANDLER, R.TOWNSHIP, R.LEADERSHIP}), S.PROPOSED),
        Transition("reject", _("退回处置意见"), frozenset({S.PROPOSED}),
                   frozenset({R.AREA_LEADER, R.LEADERSHIP}), S.REGISTERED),
        Transition("approve", _("批准处置"), frozenset({S.PROPOSED}),
                   frozenset({R.AREA_LEADER, R.LEADERSHIP}), None),
        Transition("assign", _("交办承办"), frozenset({S.APPROVED}),
                   frozenset({R.AREA_LEADER, R.LEADERSHIP}), S.HANDLING),
        Transition("record_result", _("录入办理结果"), frozenset({S.HANDLING}),
                   frozenset({R.AREA_LEADER, R.CASE_HANDLER, R.TOWNSHIP, R.LEADERSHIP}), S.RESULT),
        Transition("close", _("办结销号"), frozenset({S.RESULT}),
                   frozenset({R.AREA_LEADER, R.LEADERSHIP}), S.CLOSED),
        Transition("archive", _("归档"), frozenset({S.CLOSED}),
                   frozenset({R.INTAKE, R.AREA_LEADER, R.LEADERSHIP, R.ADMIN}), S.ARCHIVED),
    )
}

APPROVAL_TARGET = {
    Disposal.TALK: S.APPROVED,
    Disposal.VERIFY: S.APPROVED,
    Disposal.CASE: S.APPROVED,
    Disposal.SHELVE: S.SHELVED,
    Disposal.CLOSE: S.RESULT,  # 予以了结: the approved reason is the result
}

# Default time limits, in working days from assignment.
DEFAULT_LIMIT = {Disposal.TALK: 15, Disposal.VERIFY: 30, Disposal.CASE: 60}

OUTCOME_COUNTS = ("persons_sanctioned", "org_handled", "first_form", "judicial")
OUTCOME_MONEY = ("recovered", "returned")
FIVE_ITEMS = ("investigated", "dealt_with", "fed_back", "file_complete", "educated")
FIVE_ITEM_LABELS = {
    "investigated": _("调查到位"), "dealt_with": _("处理到位"), "fed_back": _("是否反馈"),
    "file_complete": _("归档到位"), "educated": _("教育到位"),
}


class TransitionError(Exception):
    """The request breaks the workflow; `errors` maps a field (or '__all__') to reasons."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Plan:
    transition: Transition
    target: Stage
    changes: dict = field(default_factory=dict)


def available(clue: "Clue", role: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if clue.stage in t.sources and role in t.roles]


def missing_close_items(clue: "Clue", items: dict) -> list[str]:
    """The 五个到位 items not done; 反馈到位 counts only when the reporter is named."""
    required = [i for i in FIVE_ITEMS if i != "fed_back" or clue.reporter_id is not None]
    return [i for i in required if not items.get(i)]


def plan(clue: "Clue", name: str, role: str, payload: dict, today: date) -> Plan:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError({"__all__": _("未知的操作。")})
    if clue.stage not in transition.sources:
        raise TransitionError({"__all__": _("当前环节不能执行此操作。")})
    if role not in transition.roles:
        raise TransitionError({"__all__": _("您的角色不能执行此操作。")})
    changes = _CHANGES[name](clue, payload, today)
    target = transition.target or APPROVAL_TARGET[Disposal(clue.proposed_disposal)]
    changes["stage"] = target
    changes["state"] = STAGE_STATE[target]
    return Plan(transition, target, changes)


def _require(payload: dict, *names) -> dict:
    errors = {n: _("必填。") for n in names if payload.get(n) in (None, "")}
    if errors:
        raise TransitionError(errors)
    return payload


def _propose(clue, payload, today):
    _require(payload, "disposal", "reason")
    if payload["disposal"] not in Disposal.values:
        raise TransitionError({"disposal": _("未知的处置方式。")})
    return {"proposed_disposal": payload["disposal"], "proposal_reason": payload["reason"]}


def _reject(clue, payload, today):
    _require(payload, "reason")
    return {"proposed_disposal": "", "proposal_reason": payload["reason"]}


def _approve(clue, payload, today):
    changes = {"disposal": clue.proposed_disposal, "leader_id": payload["acting_user_id"]}
    if clue.proposed_disposal == Disposal.CLOSE:
        changes["result"] = clue.proposal_reason
    return changes


def _assign(clue, payload, today):
    _require(payload, "handler_unit")
    if not payload.get("handler_name") and not payload.get("handler_id"):
        raise TransitionError({"handler_name": _("请填写承办人。")})
    due_on = payload.get("due_on") or workdays.add_working_days(today, DEFAULT_LIMIT.get(clue.disposal, 30))
    if due_on < today:
        raise TransitionError({"due_on": _("办理时限不能早于今天。")})
    return {"handler_unit": payload["handler_unit"], "handler_name": payload.get("handler_name", ""),
            "handler_id": payload.get("handler_id"), "due_on": due_on}


def _record_result(clue, payload, today):
    _require(payload, "result")
    changes = {"result": payload["result"], "case_filed": bool(payload.get("case_filed"))}
    filed_on = payload.get("filed_on")
    if changes["case_filed"] and not filed_on:
        raise TransitionError({"filed_on": _("已立案的须填写立案日期。")})
    if filed_on and filed_on > today:
        raise TransitionError({"filed_on": _("立案日期不能晚于今天。")})
    changes["filed_on"] = filed_on if changes["case_filed"] else None
    for name in OUTCOME_COUNTS:
        value = int(payload.get(name) or 0)
        if value < 0:
            raise TransitionError({name: _("不能为负数。")})
        changes[name] = value
    for name in OUTCOME_MONEY:
        value = Decimal(payload.get(name) or 0)
        if value < 0:
            raise TransitionError({name: _("不能为负数。")})
        changes[name] = value
    return changes


def _close(clue, payload, today):
    missing = missing_close_items(clue, payload)
    if missing:
        labels = "、".join(str(FIVE_ITEM_LABELS[i]) for i in missing)
        raise TransitionError({"__all__": _("五个到位未完成：%(items)s") % {"items": labels}})
    changes = {i: bool(payload.get(i)) for i in FIVE_ITEMS}
    if changes["fed_back"]:
        feedback_on = payload.get("feedback_on") or today
        if feedback_on > today:
            raise TransitionError({"feedback_on": _("反馈日期不能晚于今天。")})
        changes["feedback_on"] = feedback_on
    changes["closed_on"] = today
    return changes


def _archive(clue, payload, today):
    return {"archived": True}


_CHANGES = {
    "propose": _propose, "reject": _reject, "approve": _approve, "assign": _assign,
    "record_result": _record_result, "close": _close, "archive": _archive,
}
