"""Audited changes of public reports: a report comes in, messages both ways, the feedback text.

A report and its attachments are one transaction: every 201 the reporter sees is a
committed clue whose receipt works at once (portal.md §2). The public's own steps have
no acting user (`acting_user=None`, the system, as for cross-check clues).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, snapshot
from qingfeng.clues.actions import do_add_attachment, do_create_clue
from qingfeng.clues.models import Channel, Clue, Source
from qingfeng.core.text import forbidden_character
from qingfeng.core.versioning import check_version, save_changes
from qingfeng.engine.masking import id_number_in
from qingfeng.portal.models import FEEDBACK_MAX_LENGTH, MESSAGE_MAX_LENGTH, PublicMessage, PublicReport
from qingfeng.portal.reports import receipts, uploads as upload_checks
from qingfeng.portal.reports.access import access_report_by_clue_id, require_answerer

RECEIPT_ATTEMPTS = 5  # a clash of two random 16-digit receipts is ~never; retry rather than fail


class UnknownReceipt(Exception):
    """No report has this receipt (or it is not a receipt at all)."""


def text_error(text: str, limit: int, *, required: bool = True) -> str | None:
    if required and not text.strip():
        return _("必填。")
    if len(text) > limit:
        return _("最多 %(limit)s 字，现为 %(length)s 字。") % {"limit": limit, "length": len(text)}
    if forbidden_character(text, multiline=True):
        return _("不能含有控制字符。")
    return None


def public_text_error(text: str, limit: int, *, required: bool = True) -> str | None:
    """text_error, and no resident ID number: what staff write here is shown to the public."""
    if refused := text_error(text, limit, required=required):
        return refused
    if id_number_in(text, timezone.localdate()):
        return _("公开给举报人的文字不能含有身份证号码，请删去或隐去。")
    return None


def report_by_receipt(receipt: str, *, for_update: bool = False) -> PublicReport:
    digits = receipts.normalize_receipt(receipt)
    if digits is None:
        raise UnknownReceipt
    queryset = PublicReport.objects.select_related("clue")
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(receipt_hash=receipts.receipt_hash(digits))
    except PublicReport.DoesNotExist:
        raise UnknownReceipt from None


def do_submit_report(*, acting_user=None, township=None, village=None, subject: str = "", subject_post: str = "",
                     category: str = "", summary: str = "", reporter_name: str = "", reporter_contact: str = "",
                     attachments=()) -> tuple[PublicReport, str]:
    """A public report becomes a clue (信访举报 · 网络); returns its report and the receipt, shown once.

    `reporter_name` empty is an anonymous report: no Reporter, no 受理告知 deadline.
    Raises ValidationError keyed by these argument names.
    """
    files = upload_checks.check(list(attachments))
    with transaction.atomic():
        clue, _created = do_create_clue(
            acting_user=acting_user, received_on=timezone.localdate(), source=Source.PETITION, channel=Channel.WEB,
            reporter_name=reporter_name, reporter_contact=reporter_contact, subject=subject,
            subject_post=subject_post, township=township, village=village, category=category, summary=summary,
        )
        report, receipt = _with_new_receipt(clue)
        for upload in files:
            do_add_attachment(clue.id, acting_user=acting_user, upload=upload)
        record(acting_user, "portal.report", clue, after={
            "clue_no": clue.clue_no, "named": clue.reporter_id is not None, "attachments": len(files)})
    return report, receipt


def _with_new_receipt(clue: Clue) -> tuple[PublicReport, str]:
    for _attempt in range(RECEIPT_ATTEMPTS):
        receipt = receipts.new_receipt()
        try:
            with transaction.atomic():
                return PublicReport.objects.create(clue=clue, receipt_hash=receipts.receipt_hash(receipt)), receipt
        except IntegrityError:
            continue  # that receipt is taken: draw another
    raise RuntimeError("no free receipt after several draws")


def do_reporter_message(report: PublicReport, *, acting_user=None, text: str) -> PublicMessage:
    """The reporter writes to the staff handling the report (found by report_by_receipt: the receipt
    is hashed once per request). Raises ValidationError."""
    if refused := text_error(text, MESSAGE_MAX_LENGTH):
        raise ValidationError({"text": refused})
    if id_number_in(text, timezone.localdate()):  # the conversation is shown to whoever holds the receipt
        raise ValidationError({"text": _("留言不能含有身份证号码，请删去；需要时工作人员会与您联系核实。")})
    with transaction.atomic():
        report = PublicReport.objects.select_for_update().select_related("clue").get(pk=report.pk)
        message = PublicMessage.objects.create(clue=report.clue, sender=PublicMessage.Sender.REPORTER, text=text)
        # The text may name the reporter: it stays with the message, out of the audit trail.
        record(acting_user, "portal.message", report.clue, after={"message": message.id, "from": "reporter"})
    return message


def do_staff_message(clue_id: int, *, acting_user, text: str) -> PublicMessage:
    """Staff write to the reporter from the clue's page."""
    require_answerer(acting_user)
    if refused := public_text_error(text, MESSAGE_MAX_LENGTH):
        raise ValidationError({"text": refused})
    with transaction.atomic():
        report = access_report_by_clue_id(acting_user, clue_id, for_update=True)
        message = PublicMessage.objects.create(clue=report.clue, sender=PublicMessage.Sender.STAFF,
                                               staff_user=acting_user, text=text)
        record(acting_user, "portal.message", report.clue,
               after={"message": message.id, "from": "staff", "text": text})
    return message


def do_set_feedback(clue_id: int, *, acting_user, text: str, expected_version: int) -> PublicReport:
    """The result the reporter sees (反馈); empty withdraws it."""
    require_answerer(acting_user)
    if refused := public_text_error(text, FEEDBACK_MAX_LENGTH, required=False):
        raise ValidationError({"feedback": refused})
    with transaction.atomic():
        report = check_version(access_report_by_clue_id(acting_user, clue_id, for_update=True), expected_version)
        before = snapshot(report, ("feedback", "feedback_at"))
        save_changes(report, {"feedback": text.strip(), "feedback_at": timezone.now() if text.strip() else None})
        record(acting_user, "portal.feedback", report.clue, before=before,
               after=snapshot(report, ("feedback", "feedback_at")))
    return report
