"""督办 pages: warnings and notices, the 清零 backlog, handled counts per person.

Each is a page of 50 rows; its filters come from the query string and stay in the
pager links, and its totals are aggregate queries over the whole filtered list.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from qingfeng.clues import listing, supervision
from qingfeng.clues.access import require_supervisor, visible_clues
from qingfeng.clues.models import Stage, SupervisionNotice

NOTICES_PER_PAGE = 20


def _by_owner(queryset, params):
    if params.get("owner"):
        queryset = queryset.filter(owner__code=params["owner"])
    return queryset


@login_required
def backlog(request):
    user = require_supervisor(request.user)
    today = timezone.localdate()
    everything = supervision.backlog(visible_clues(user), today)
    shown = _by_owner(everything, request.GET)
    if request.GET.get("stage") in Stage.values:
        shown = shown.filter(stage=request.GET["stage"])
    if request.GET.get("warning") in listing.WARNINGS:
        shown = shown.filter(listing.warning_filter(request.GET["warning"], today))
    page = Paginator(shown, listing.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = supervision.with_ages(page.object_list, today)
    return render(request, "clues/backlog.html", {
        "page": page, "params": request.GET, "query": listing.query_without_page(request.GET),
        "totals": listing.counts(everything, today), "owners": listing.counts_by_owner(everything, today),
        "stages": [(s.value, s.label) for s in Stage if s not in (Stage.CLOSED, Stage.ARCHIVED)],
    })


@login_required
def warnings(request):
    user = require_supervisor(request.user)
    today = timezone.localdate()
    flagged = supervision.warnings(visible_clues(user), today)
    shown = _by_owner(flagged, request.GET)
    if request.GET.get("warning") in listing.WARNINGS:
        shown = shown.filter(listing.warning_filter(request.GET["warning"], today))
    page = Paginator(shown, listing.PAGE_SIZE).get_page(request.GET.get("page"))
    notices = Paginator(
        SupervisionNotice.objects.filter(clue__in=visible_clues(user).values("id"))
        .select_related("clue", "issued_by"),
        NOTICES_PER_PAGE,
    ).get_page(request.GET.get("notices"))
    return render(request, "clues/supervision.html", {
        "page": page, "notices": notices, "today": today, "params": request.GET,
        "query": listing.query_without_page(request.GET, "page"),
        "notices_query": listing.query_without_page(request.GET, "notices"),
        "totals": listing.counts(flagged, today), "owners": listing.counts_by_owner(flagged, today),
    })


@login_required
def staff_stats(request):
    user = require_supervisor(request.user)
    page = Paginator(supervision.staff_counts(user), listing.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clues/stats.html", {"page": page, "query": listing.query_without_page(request.GET)})
