"""The phone-first lookup page: a plain form POST (CSRF) answering as POST /api/public/lookup."""

from django.shortcuts import render

from qingfeng.accounts.throttle import client_ip
from qingfeng.places.models import Jurisdiction
from qingfeng.portal.lookup import service


def _village(code: str | None):
    """?village=CODE: only the village's public name is shown, nothing is prefilled."""
    if not code or len(code) > 20:
        return None
    return Jurisdiction.objects.filter(code=code, level=Jurisdiction.Level.VILLAGE).select_related("parent").first()


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def totals_by_program_and_year(payments: list[dict]) -> list[dict]:
    """The household's sums per program and year of payment, newest year first."""
    sums: dict[tuple[str, str], int] = {}
    for p in payments:
        key = (p["paid_on"][:4], p["program"] or "")
        sums[key] = sums.get(key, 0) + round(p["amount"] * 100)
    return [{"year": year, "program": program, "total": yuan(fen)}
            for (year, program), fen in sorted(sums.items(), key=lambda item: (-int(item[0][0]), item[0][1]))]


def lookup_page(request):
    context = {"village": _village(request.GET.get("village") or request.POST.get("village"))}
    status = 200
    if request.method == "POST":
        answer = service.lookup(client_ip(request), request.POST.get("name", ""), request.POST.get("id_number", ""))
        context["name"] = request.POST.get("name", "")[:service.MAX_FIELD]
        context["outcome"] = answer.status
        if answer.status == service.OK:
            found = answer.found
            for payment in found.payments:
                payment["amount_text"] = f"{payment['amount']:.2f}"
            context["found"], context["total"] = found, yuan(found.total_fen)
            context["totals"] = totals_by_program_and_year(found.payments)
        else:
            status = answer.status
    return render(request, "portal/lookup.html", context, status=status)
