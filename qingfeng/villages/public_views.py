"""The village's public page: names, disclosures by month (superseded versions marked),
the lookup and report forms with the village preselected, the report phone.

Public and unauthenticated: it shows only published disclosures and their files.
"""

from collections import defaultdict

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qingfeng.places.lookup import village_by_code
from qingfeng.places.models import Jurisdiction
from qingfeng.portal.reports.forms import ReportForm
from qingfeng.villages.models import Disclosure, DisclosureAttachment


def _village(code: str) -> Jurisdiction:
    village = village_by_code(code)
    if village is None:
        raise Http404
    return village


@require_GET
def village_page(request, code: str):
    village = _village(code)
    rows = (Disclosure.objects.filter(village=village).select_related("item", "superseded_by")
            .prefetch_related("attachments"))
    by_month = defaultdict(list)
    for disclosure in rows:
        by_month[disclosure.month].append(disclosure)
    return render(request, "villages/public_village.html", {
        "village": village, "township": village.parent, "by_month": sorted(by_month.items(), reverse=True),
        "report_form": ReportForm(initial={"township": village.parent.code, "village": village.code}),
        "report_phone": settings.REPORT_PHONE,
    })


@require_GET
def attachment(request, code: str, attachment_id: int):
    village = _village(code)
    found = DisclosureAttachment.objects.filter(id=attachment_id, disclosure__village=village).first()
    if found is None:
        raise Http404
    # Inline only for the types the upload check recognised by content; nosniff is set for every response.
    response = FileResponse(found.file.open("rb"), content_type=found.content_type, as_attachment=False,
                            filename=found.name)
    response.headers["Content-Security-Policy"] = "sandbox"  # a file opened here runs nothing
    return response
