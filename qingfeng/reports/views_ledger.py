"""Staff ledger exchange page: download the ledger in view, upload a county ledger."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.clues.ledger import LedgerFileError, do_export_ledger, do_import_ledger
from qingfeng.reports import scope
from qingfeng.reports.views import XLSX
from qingfeng.reports.window import parse_window
from qingfeng.web.uploads import import_upload

MAX_UPLOAD_MB = 20


@login_required
def ledger(request):
    user = access.require_staff(request.user)
    scope.stats_clues(user)  # 403 for roles that never see clues
    if request.method == "POST":
        return _import(request, user)
    date_from, date_to, errors = parse_window(request.GET)
    if request.GET.get("download"):
        return _export(user, date_from, date_to)
    return render(request, "reports/ledger.html", {
        "date_from": date_from, "date_to": date_to, "errors": errors,
        "can_import": user.role in scope.LEDGER_IMPORTERS,
    })


def _export(user, date_from, date_to):
    buffer = io.BytesIO()
    do_export_ledger(buffer, acting_user=user, date_from=date_from, date_to=date_to)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{date_from}-{date_to}.xlsx"'
    return response


def _import(request, user):
    scope.require_ledger_importer(user)  # the action checks too; this refuses before reading the upload
    date_from, date_to, _errors = parse_window(request.GET)
    report, errors = import_upload(request, do_import_ledger, acting_user=user, file_error=LedgerFileError,
                                   max_mb=MAX_UPLOAD_MB, missing=_("请选择台账文件。"))
    context = {"can_import": True, "errors": errors, "report": report, "date_from": date_from, "date_to": date_to}
    return render(request, "reports/ledger.html", context, status=200 if not context["errors"] else 400)
