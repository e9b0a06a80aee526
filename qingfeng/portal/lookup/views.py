"""The phone-first lookup page: a plain form POST (CSRF) answering as POST /api/public/lookup."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from qingfeng.accounts.throttle import client_ip
from qingfeng.places.lookup import village_by_code
from qingfeng.portal.lookup import service


@never_cache  # a household's payments must not come back from a shared phone's history
def lookup_page(request):
    # ?village=CODE: only the village's public name is shown, nothing is prefilled.
    context = {"village": village_by_code(request.GET.get("village") or request.POST.get("village"))}
    status = 200
    if request.method == "POST":
        answer = service.lookup(client_ip(request), request.POST.get("name", ""), request.POST.get("id_number", ""))
        context["name"] = request.POST.get("name", "")[:service.MAX_FIELD]
        context["outcome"] = answer.status
        if answer.status == service.OK:
            found = answer.found
            for payment, fen in zip(found.payments, found.fens):
                payment["amount_text"] = service.yuan(fen)
            context["found"], context["total"] = found, service.yuan(found.total_fen)
            context["totals"] = service.totals_by_program_and_year(found)
        else:
            status = answer.status
    return render(request, "portal/lookup.html", context, status=status)
