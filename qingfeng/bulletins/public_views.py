"""The public 曝光台: issued bulletins' public versions, by month, and a page per case.

Public and unauthenticated. It reads only issued bulletins and their included items,
and shows of each case what the bulletin printed — township, post, what happened,
the measure, the decision date — as fixed at issue (qingfeng.bulletins.public: names
not published in full are masked wherever they occur). Nothing else of the clue: no clue number, reporter,
village, amounts or links to staff pages.
"""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qingfeng.bulletins.models import Bulletin, BulletinItem

FILES = ("docx", "pdf", "public_pdf")


def _issued(*files: str):
    """Issued bulletins, without their files but `files` (only the PDF view reads one)."""
    return Bulletin.objects.filter(status=Bulletin.Status.ISSUED).defer(*(f for f in FILES if f not in files))


def public_case(item: BulletinItem) -> dict:
    """What the 曝光台 shows of one case: the texts fixed at issue (qingfeng.bulletins.public)."""
    return {"id": item.id, "township": item.township, "decided_on": item.decided_on, **item.public}


def _cases(bulletin: Bulletin) -> list[dict]:
    return [public_case(item) for item in bulletin.included]


@require_GET
def exposure(request):
    bulletins = (_issued().only("id", "year", "month", "public_title", "document_no", "issued_on")
                 .prefetch_related(Prefetch("items", BulletinItem.objects.listed(), to_attr="included")).order_by("-year", "-month"))
    months = [{"bulletin": b, "cases": _cases(b)} for b in bulletins]
    return render(request, "bulletins/public_list.html", {"months": months})


def _bulletin(bulletin_id: int, *files: str) -> Bulletin:
    found = _issued(*files).filter(id=bulletin_id).prefetch_related(
        Prefetch("items", BulletinItem.objects.listed(), to_attr="included")).first()
    if found is None:
        raise Http404
    return found


@require_GET
def exposure_bulletin(request, bulletin_id: int):
    bulletin = _bulletin(bulletin_id)
    return render(request, "bulletins/public_bulletin.html", {"bulletin": bulletin, "cases": _cases(bulletin)})


@require_GET
def exposure_case(request, item_id: int):
    item = (BulletinItem.objects.filter(id=item_id, included=True, bulletin__status=Bulletin.Status.ISSUED)
            .select_related("bulletin").defer(*(f"bulletin__{name}" for name in FILES)).first())
    if item is None:
        raise Http404
    return render(request, "bulletins/public_case.html", {"bulletin": item.bulletin, "case": public_case(item)})


@require_GET
def exposure_pdf(request, bulletin_id: int):
    bulletin = _bulletin(bulletin_id, "public_pdf")
    response = HttpResponse(bytes(bulletin.public_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bulletin-{bulletin.year}-{bulletin.month:02d}.pdf"'
    return response
