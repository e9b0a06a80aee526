"""联动联办 pages: the 20th's summary (page and Excel), a department's monthly return and the
results of its transfers. Views parse, authorise, call, render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import forms, periods, transfers
from qingfeng.collaboration.actions import do_submit_return
from qingfeng.collaboration.transfers_xlsx import summary_workbook
from qingfeng.core.months import month_of, parse_month, recent_months
from qingfeng.places.lookup import county
from qingfeng.web.view_errors import errors_as_messages, valid_or_message

RETURN_CONFLICT = gettext_lazy("本月清单刚被本部门其他人报送或修改过，请看最新情况后再报送。")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTHS_LISTED = 12


def _month(request, today):
    """The month asked for (?month=YYYY-MM, not after the current one), else the one due this month."""
    month = parse_month(request.GET.get("month"))
    if month is None or month > month_of(today):
        month = periods.return_month_due(today)
    return month


@login_required
def summary(request):
    user = collab_access.require_transfer_overseer(request.user)
    today = timezone.localdate()
    month = _month(request, today)
    result = transfers.summary(user, month, today)
    if request.GET.get("format") == "xlsx":
        out = io.BytesIO()
        place = county()
        summary_workbook(out, result, place.name if place else "")
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="transfers-{month:%Y-%m}.xlsx"'
        return response
    return render(request, "collaboration/transfers.html", {
        "summary": result, "today": today,
        "months": recent_months(today, MONTHS_LISTED),
    })


@login_required
def returns(request):
    user = collab_access.require_liaison(request.user)
    today = timezone.localdate()
    month = _month(request, today)
    if request.method == "POST":
        form = forms.ReturnForm(request.POST)
        if valid_or_message(request, form):
            month = parse_month(form.cleaned_data["month"]) or month
            with errors_as_messages(request, RETURN_CONFLICT):
                do_submit_return(acting_user=user, month=month, kind=form.cleaned_data["kind"],
                                 confirmed=form.cleaned_data["confirmed"], note=form.cleaned_data["note"],
                                 expected_version=form.cleaned_data["version"])
                messages.success(request, _("已报送 %(month)s 的移送清单。") % {"month": f"{month:%Y-%m}"})
        return redirect(f"{request.path}?month={month:%Y-%m}")
    current = collab_access.own_returns(user).filter(month=month).first()
    returnable = month in periods.return_months(today)
    clues = list(transfers.month_clues(user, month).order_by("received_on", "id")) if returnable else []
    kind = "list" if clues else "nil"
    form = None
    if returnable:
        form = forms.ReturnForm(initial={"month": f"{month:%Y-%m}", "kind": kind,
                                         "version": current.version if current else None,
                                         "note": current.note if current else ""})
    return render(request, "collaboration/returns.html", {
        "month": month, "due": periods.return_due(month), "current": current, "clues": clues, "kind": kind,
        "form": form, "history": collab_access.own_returns(user).order_by("-month")[:MONTHS_LISTED],
        "months": periods.return_months(today),
        "listed_ids": set(current.clues.values_list("id", flat=True)) if current else set(),
    })


@login_required
def feedback(request):
    user = collab_access.require_liaison(request.user)
    month = parse_month(request.GET.get("month"))
    page = Paginator(transfers.feedback(user, month), 50).get_page(request.GET.get("page"))
    return render(request, "collaboration/feedback.html", {"page": page, "month": month,
                                                           "department": user.department})
