"""Staff ledger exchange page: download the ledger in view, upload a county ledger."""

import io

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.audit.trail import record
from qingfeng.clues.ledger_io import LedgerFileError, export_ledger, import_ledger
from qingfeng.reports import scope
from qingfeng.reports.views import XLSX, _window

MAX_UPLOAD = 20 * 1024 * 1024


@login_required
def ledger(request):
    user = access.require_staff(request.user)
    clues = scope.stats_clues(user)  # 403 for roles that never see clues
    can_import = user.role in scope.LEDGER_IMPORTERS
    if request.method == "POST":
        return _import(request, user)
    if request.GET.get("download"):
        return _export(request, user, clues)
    date_from, date_to, errors = _window(request)
    return render(request, "reports/ledger.html", {
        "date_from": date_from, "date_to": date_to, "errors": errors, "can_import": can_import,
    })


def _export(request, user, clues):
    date_from, date_to, _errors = _window(request)
    shown = []
    may_see = scope.reporter_filter(user)

    def include(clue):  # remember whose reporters were shown: every look is logged
        if may_see(clue) and clue.reporter_id:
            shown.append(clue.clue_no)
            return True
        return False

    buffer = io.BytesIO()
    count = export_ledger(buffer, clues, include_reporter=include, date_from=date_from, date_to=date_to)
    with transaction.atomic():
        record(user, "clue.ledger_export", object_type="clues.clue", object_id="ledger", after={
            "from": date_from.isoformat(), "to": date_to.isoformat(), "rows": count, "reporters_shown": shown,
        })
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{date_from}-{date_to}.xlsx"'
    return response


def _import(request, user):
    scope.require_ledger_importer(user)
    upload = request.FILES.get("file")
    context = {"can_import": True, "errors": []}
    date_from, date_to, _errors = _window(request)
    context.update(date_from=date_from, date_to=date_to)
    if upload is None:
        context["errors"].append(_("请选择台账文件。"))
    elif upload.size > MAX_UPLOAD:
        context["errors"].append(_("文件过大（最大 20 MB）。"))
    else:
        try:
            context["report"] = import_ledger(upload, acting_user=user, name=upload.name)
        except LedgerFileError as e:
            context["errors"].append(str(e))
    return render(request, "reports/ledger.html", context, status=200 if not context["errors"] else 400)
