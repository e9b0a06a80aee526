"""Staff ledger exchange page: download the ledger in view, upload a county ledger."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.clues.ledger import LedgerFileError, do_export_ledger, do_import_ledger
from qingfeng.core import isolation
from qingfeng.reports import scope
from qingfeng.reports.views import XLSX
from qingfeng.reports.window import parse_window

MAX_UPLOAD = 20 * 1024 * 1024


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
    upload = request.FILES.get("file")
    date_from, date_to, _errors = parse_window(request.GET)
    context = {"can_import": True, "errors": [], "date_from": date_from, "date_to": date_to}
    if upload is None:
        context["errors"].append(_("请选择台账文件。"))
    elif upload.size > MAX_UPLOAD:
        context["errors"].append(_("文件过大（最大 20 MB）。"))
    else:
        try:
            # Read in a child process: no file can take the web server down with it.
            context["report"] = do_import_ledger(upload, acting_user=user, name=upload.name,
                                                 limits=isolation.upload_limits())
        except LedgerFileError as e:
            context["errors"].append(str(e))
    return render(request, "reports/ledger.html", context, status=200 if not context["errors"] else 400)
