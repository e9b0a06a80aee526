"""/report/ and /follow/: the same steps as the public API, for people on a phone (no JavaScript needed)."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from qingfeng.accounts.throttle import client_ip
from qingfeng.places.lookup import village_by_code
from qingfeng.portal import limits
from qingfeng.portal.api import report_slot
from qingfeng.portal.reports import forms, intake, uploads
from qingfeng.portal.reports.actions import UnknownReceipt, do_reporter_message, do_submit_report, report_by_receipt
from qingfeng.portal.reports.status import STATE_LABEL, public_status

# The largest request a report can need: every attachment at its limit, and the text.
MAX_REQUEST_BYTES = uploads.MAX_FILES * uploads.MAX_BYTES + 1024 * 1024
FORM_FIELD = {"reporter_name": "name", "reporter_contact": "contact"}  # the action's names → the form's


def _preselected(request) -> dict:
    """?village=CODE (the village's page links here): that village and its township."""
    village = village_by_code(request.GET.get("village"))
    return {"township": village.parent.code, "village": village.code} if village else {}


def _declared_length(request) -> int:
    text = request.META.get("CONTENT_LENGTH") or "0"
    return int(text) if text.isdigit() else MAX_REQUEST_BYTES + 1  # garbled: refused as too large


@never_cache
def report_page(request):
    if _declared_length(request) > MAX_REQUEST_BYTES:
        # Refused before Django spools the files to disk.
        refused = _("附件太大：最多 %(count)s 个文件，每个不超过 %(mb)s MB。") % {
            "count": uploads.MAX_FILES, "mb": uploads.MAX_BYTES // (1024 * 1024)}
        return render(request, "portal/report.html", {"form": forms.ReportForm(), "refused": refused}, status=413)
    if request.method == "POST" and "pick_township" in request.POST:
        # Without JavaScript, 「选择乡镇」 comes back here: the same form, unchecked, with that township's villages.
        form = forms.ReportForm(initial=request.POST.dict())
        return render(request, "portal/report.html", {"form": form})
    form = forms.ReportForm(request.POST or None, request.FILES or None, initial=_preselected(request))
    if request.method == "POST" and form.is_valid():
        slot = report_slot(request)
        if slot is None:
            return render(request, "portal/report.html", {"form": form, "refused": _(
                "您这里提交的举报太多了，请一小时后再提交，或拨打举报电话。")}, status=429)
        try:
            report, receipt = do_submit_report(attachments=form.cleaned_data["attachments"],
                                               **intake.action_kwargs(form.cleaned_data))
        except ValidationError as exc:
            limits.release(slot)  # a refused report does not count against the address
            for field, errors in exc.message_dict.items():
                field = FORM_FIELD.get(field, field)
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Shown this once: the page is never cached and the receipt is nowhere else.
            return render(request, "portal/report_done.html",
                          {"receipt": receipt, "received_on": report.clue.received_on})
    return render(request, "portal/report.html", {"form": form}, status=400 if request.method == "POST" else 200)


@never_cache
def follow_page(request):
    if request.method != "POST":
        return render(request, "portal/follow.html", {"form": forms.ReceiptForm()})
    if not limits.address_allowed(client_ip(request)):
        return render(request, "portal/follow.html", {"form": forms.ReceiptForm(), "too_many": True}, status=429)
    sending = "text" in request.POST
    form = (forms.MessageForm if sending else forms.ReceiptForm)(request.POST)
    if not form.is_valid() and "receipt" in form.errors:
        return render(request, "portal/follow.html", {"form": forms.ReceiptForm(request.POST)})
    receipt = form.data.get("receipt", "")
    sent = False
    try:
        report = report_by_receipt(receipt)  # the one slow hash of this request
    except UnknownReceipt:
        form = forms.ReceiptForm(request.POST)
        form.add_error("receipt", _("没有找到这个受理编号，请核对后重新输入。"))
        return render(request, "portal/follow.html", {"form": form}, status=404)
    if sending and form.is_valid():
        try:
            do_reporter_message(report, text=form.cleaned_data["text"])
            sent, form = True, None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    status = public_status(report)
    return render(request, "portal/follow.html", {
        "status": status, "conversation": report.clue.public_messages.all(),
        "state_label": STATE_LABEL[status["state"]], "sent": sent,
        "message_form": form if sending and form is not None else forms.MessageForm(initial={"receipt": receipt}),
    })
