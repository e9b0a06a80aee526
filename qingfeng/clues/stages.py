"""The clue's ledger state and workflow stage, and how they agree. Pure: no models, no workflow.

`models` and `workflow` both import from here, so neither imports the other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Disposal(models.TextChoices):
    TALK = "谈话函询", _("谈话函询")
    VERIFY = "初步核实", _("初步核实")
    SHELVE = "暂存待查", _("暂存待查")
    CLOSE = "予以了结", _("予以了结")
    CASE = "立案审查调查", _("立案审查调查")


class State(models.TextChoices):
    """The ledger's three states (ledger.md); the workflow refines them with `Stage`."""

    PENDING = "待处置", _("待处置")
    IN_PROGRESS = "办理中", _("办理中")
    CLOSED = "已办结", _("已办结")


class Stage(models.TextChoices):
    """The workflow's finer stage; `STAGE_STATE` maps each onto the ledger's `state`."""

    REGISTERED = "registered", _("待处置")
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("待交办")
    SHELVED = "shelved", _("暂存待查")
    HANDLING = "handling", _("办理中")
    RESULT = "result", _("待办结")
    CLOSED = "closed", _("已办结")
    ARCHIVED = "archived", _("已归档")


STAGE_STATE = {
    Stage.REGISTERED: State.PENDING,
    Stage.PROPOSED: State.PENDING,
    Stage.APPROVED: State.PENDING,
    Stage.SHELVED: State.IN_PROGRESS,
    Stage.HANDLING: State.IN_PROGRESS,
    Stage.RESULT: State.IN_PROGRESS,
    Stage.CLOSED: State.CLOSED,
    Stage.ARCHIVED: State.CLOSED,
}


def stage_for_state(state: str, *, disposal: str = "", archived: bool = False) -> Stage:
    """A stage that agrees with a ledger state set outside the workflow (an imported row)."""
    if state == State.CLOSED:
        return Stage.ARCHIVED if archived else Stage.CLOSED
    if state == State.IN_PROGRESS:
        return Stage.SHELVED if disposal == Disposal.SHELVE else Stage.HANDLING
    return Stage.APPROVED if disposal else Stage.REGISTERED


def agreeing_stage(stage: str, state: str, *, disposal: str = "", archived: bool = False) -> str:
    """`stage` when it already agrees with `state`, else the stage `stage_for_state` gives."""
    if STAGE_STATE.get(stage) == state:
        return stage
    return stage_for_state(state, disposal=disposal, archived=archived)
