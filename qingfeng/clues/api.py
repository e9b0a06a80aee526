"""JSON API of clues: list, detail, intake, workflow transitions — scoped like the pages."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from qingfeng.clues import actions, listing, supervision, workflow
from qingfeng.clues.access import access_clue_by_id, require_clue_reader, visible_clues
from qingfeng.clues.repeats import suggest_repeats
from qingfeng.core.text import forbidden_character
from qingfeng.places.models import Jurisdiction
from qingfeng.web.pagination import paginated

router = Router(tags=["clues"])


class ClueOut(Schema):
    id: int
    clue_no: str
    received_on: date
    source: str
    channel: str
    reporter_named: bool
    subject: str
    township: str | None
    owner: str
    category: str
    stage: str
    state: str
    disposal: str
    handler_name: str
    due_on: date | None
    warning: str
    is_repeat: bool
    version: int

    @staticmethod
    def resolve_reporter_named(obj):
        return obj.reporter_id is not None

    @staticmethod
    def resolve_township(obj):
        return obj.township.code if obj.township_id else None

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.code

    @staticmethod
    def resolve_warning(obj):
        # Lists annotate `badge` in SQL (qingfeng.clues.listing); a single clue is computed here.
        badge = getattr(obj, "badge", None)
        return supervision.badge(obj, timezone.localdate()) if badge is None else badge


class ClueDetailOut(ClueOut):
    subject_post: str
    village: str | None
    summary: str
    amount_involved: Decimal | None
    repeat_of: int | None
    result: str
    closed_on: date | None
    case_filed: bool
    filed_on: date | None
    persons_sanctioned: int
    org_handled: int
    first_form: int
    judicial: int
    recovered: Decimal
    returned: Decimal
    fed_back: bool
    archived: bool
    evidence: dict | list | None
    actions: list[str]

    @staticmethod
    def resolve_village(obj):
        return obj.village.code if obj.village_id else None

    @staticmethod
    def resolve_repeat_of(obj):
        return obj.repeat_of_id

    @staticmethod
    def resolve_actions(obj, context):
        return [t.name for t in workflow.available(obj, context["request"].user.role)]


class IntakeIn(Schema):
    received_on: date
    source: str
    channel: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    subject: str = ""
    subject_post: str = ""
    township: str | None = None
    village: str | None = None
    owner: str | None = None
    category: str = ""
    summary: str
    amount_involved: Decimal | None = None


class IntakeOut(Schema):
    clue: ClueDetailOut
    repeat_candidates: list[int]


class TransitionIn(Schema):
    version: int
    disposal: str | None = None
    reason: str | None = None
    handler_unit: str | None = None
    handler_name: str | None = None
    due_on: date | None = None
    result: str | None = None
    case_filed: bool = False
    filed_on: date | None = None
    persons_sanctioned: int = 0
    org_handled: int = 0
    first_form: int = 0
    judicial: int = 0
    recovered: Decimal = Decimal(0)
    returned: Decimal = Decimal(0)
    investigated: bool = False
    dealt_with: bool = False
    fed_back: bool = False
    feedback_on: date | None = None
    file_complete: bool = False
    educated: bool = False


class RepeatIn(Schema):
    original: int
    version: int


class ReporterOut(Schema):
    name: str
    contact: str


class ErrorOut(Schema):
    detail: str
    errors: dict = {}


@router.get("/clues", response=list[ClueOut])
@paginated
def list_clues(request, state: str = "", stage: str = "", source: str = "", township: str = "", q: str = "",
               warning: str = ""):
    """Clues the user may see, newest first: `{"items": [...], "count": total}` (limit/offset)."""
    params = {"state": state, "stage": stage, "source": source, "township": township, "q": q, "warning": warning}
    today = timezone.localdate()
    return listing.with_badges(listing.filter_clues(visible_clues(request.user), params, today), today)


@router.get("/clues/{clue_id}", response=ClueDetailOut)
def clue_detail(request, clue_id: int):
    return access_clue_by_id(request.user, clue_id)


def _place(code):
    return get_object_or_404(Jurisdiction, code=code) if code else None


def _bad_codes(data: dict) -> dict:
    """Place codes no place can have (PostgreSQL refuses a NUL even in a lookup)."""
    return {name: [_("代码含有不可见的控制字符（%(code)s）。") % {"code": found}]
            for name in ("township", "village", "owner")
            if data[name] and (found := forbidden_character(data[name]))}


@router.post("/clues", response={201: IntakeOut, 400: ErrorOut})
def intake(request, payload: IntakeIn):
    user = require_clue_reader(request.user)
    data = payload.dict()
    if bad := _bad_codes(data):
        return Status(400, {"detail": "invalid", "errors": bad})
    for name in ("township", "village", "owner"):
        data[name] = _place(data[name])
    try:
        clue, _created = actions.do_create_clue(acting_user=user, **data)
    except ValidationError as exc:
        return Status(400, {"detail": "invalid", "errors": exc.message_dict})
    candidates = [s.clue.id for s in suggest_repeats(user, clue)]
    return Status(201, {"clue": clue, "repeat_candidates": candidates})


@router.post("/clues/{clue_id}/transitions/{name}", response={200: ClueDetailOut, 400: ErrorOut, 409: ErrorOut})
def transition(request, clue_id: int, name: str, payload: TransitionIn):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)
    data = {k: v for k, v in payload.dict().items() if k != "version" and v is not None}
    try:
        return actions.do_transition(clue_id, name, acting_user=user, expected_version=payload.version, payload=data)
    except workflow.TransitionError as exc:
        return Status(400, {"detail": "transition refused", "errors": {k: str(v) for k, v in exc.errors.items()}})


@router.post("/clues/{clue_id}/repeat-of", response={200: ClueDetailOut, 400: ErrorOut, 409: ErrorOut})
def mark_repeat(request, clue_id: int, payload: RepeatIn):
    user = require_clue_reader(request.user)
    try:
        return actions.do_mark_repeat(clue_id, acting_user=user, original_id=payload.original,
                                      expected_version=payload.version)
    except ValidationError as exc:
        return Status(400, {"detail": "invalid", "errors": exc.message_dict})


@router.post("/clues/{clue_id}/reporter", response={200: ReporterOut, 204: None})
def reporter(request, clue_id: int):
    """The reporter's identity (custody only; every call is an audit entry). 204 when anonymous.
    A POST (session + CSRF): a GET from another site must not write audit entries."""
    found = actions.reveal_reporter(clue_id, acting_user=require_clue_reader(request.user))
    return Status(200, found) if found else Status(204, None)
