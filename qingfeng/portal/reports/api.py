"""POST /api/public/reports, /reports/status, /reports/messages (portal.md §2). Parse, call, answer."""

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status

from qingfeng.portal import limits
from qingfeng.portal.api import address_allowed, bad_field, public_api, report_slot, too_many
from qingfeng.portal.reports import intake
from qingfeng.portal.reports.actions import UnknownReceipt, do_reporter_message, do_submit_report, report_by_receipt
from qingfeng.portal.reports.status import public_status

router = Router(tags=["reports"])
UNKNOWN = {"detail": "未找到该受理编号。/ No report has this receipt."}
FIELD_MAX = 10_000  # no public string is longer; a longer one is refused before anything reads it


class ReportIn(Schema):
    township: str = ""
    village: str = ""
    subject: str = ""
    subject_post: str = ""
    category: str = ""
    summary: str = ""
    anonymous: bool = False
    name: str = ""
    contact: str = ""


class ReceiptIn(Schema):
    receipt: str


class MessageIn(Schema):
    receipt: str
    text: str


def _refused(request, exc: ValidationError):
    field, reasons = next(iter(exc.message_dict.items()))
    return bad_field(request, intake.PUBLIC_FIELD.get(field, field), reasons[0])


def _unknown(request):
    return public_api.create_response(request, UNKNOWN, status=404)


@router.post("/reports", response={201: dict, 400: dict, 429: dict})
def submit(request, payload: ReportIn):
    slot = report_slot(request)
    if slot is None:
        return too_many(request)
    try:
        report, receipt = do_submit_report(**intake.action_kwargs(payload.dict()))
    except ValidationError as exc:
        limits.release(slot)  # a refused report does not count: the reporter corrects it and sends again
        return _refused(request, exc)
    return Status(201, {"receipt": receipt, "received_on": report.clue.received_on.isoformat()})


@router.post("/reports/status", response={200: dict, 404: dict, 429: dict})
def status(request, payload: ReceiptIn):
    if not address_allowed(request):
        return too_many(request)
    try:
        report = report_by_receipt(payload.receipt[:FIELD_MAX])
    except UnknownReceipt:
        return _unknown(request)
    return Status(200, public_status(report))


@router.post("/reports/messages", response={201: dict, 400: dict, 404: dict, 429: dict})
def message(request, payload: MessageIn):
    if not address_allowed(request):
        return too_many(request)
    try:
        do_reporter_message(report_by_receipt(payload.receipt[:FIELD_MAX]), text=payload.text)
    except UnknownReceipt:
        return _unknown(request)
    except ValidationError as exc:
        return _refused(request, exc)
    return Status(201, {})
