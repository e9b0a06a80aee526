"""督办 pages: warnings and notices, the 清零 backlog, handled counts per person.

Each is a page of 50 rows; its filters come from the query string and stay in the
pager links, and its totals are aggregate queries over the whole filtered list.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone

from qingfeng.clues import listing, supervision
from qingfeng.clues.access import require_supervisor, visible_clues
from qingfeng.clues.models import Stage, SupervisionNotice

NOTICES_PER_PAGE = 20


def _by_owner_and_warning(queryset, params, today):
    """The filters both lists share: owning jurisdiction and warning colour."""
    if params.get("owner"):
        queryset = queryset.filter(owner__code=params["owner"])
    if params.get("warning") in listing.WARNINGS:
        queryset = queryset.filter(listing.warning_filter(params["warning"], today))
    return queryset


@login_required
def backlog(request):
    user = require_supervisor(request.user)
    today = timezone.localdate()
    everything = supervision.backlog(visible_clues(user), today)
    totals, owners = listing.counts_by_owner(everything, today)
    shown = _by_owner_and_warning(everything, request.GET, today)
    if request.GET.get("stage") in Stage.values:
        shown = shown.filter(stage=request.GET["stage"])
    count = listing.known_count(totals, owners, request.GET, ("open",))
    page = listing.CountedPaginator(shown, listing.PAGE_SIZE, count).get_page(request.GET.get("page"))
    page.object_list = supervision.with_ages(page.object_list, today)
    return render(request, "clues/backlog.html", {
        "page": page, "params": request.GET, "query": listing.query_without_page(request.GET),
        "totals": totals, "owners": owners,
        "stages": [(s.value, s.label) for s in Stage if s not in (Stage.CLOSED, Stage.ARCHIVED)],
    })


@login_required
def warnings(request):
    user = require_supervisor(request.user)
    today = timezone.localdate()
    flagged = supervision.warnings(visible_clues(user), today)
    shown = _by_owner_and_warning(flagged, request.GET, today)
    totals, owners = listing.counts_by_owner(flagged, today)
    count = listing.known_count(totals, owners, request.GET, ("red", "yellow"))
    page = listing.CountedPaginator(shown, listing.PAGE_SIZE, count).get_page(request.GET.get("page"))
    notices, earlier = _notices(user, request.GET.get("before"))
    return render(request, "clues/supervision.html", {
        "page": page, "notices": notices, "earlier": earlier, "today": today, "params": request.GET,
        "query": listing.query_without_page(request.GET, "page", "before"),
        "notices_query": listing.query_without_page(request.GET, "before"),
        "totals": totals, "owners": owners,
    })


def _notices(user, before: str | None):
    """The newest notices on visible clues, NOTICES_PER_PAGE at a time, older ones by `before=<id>`.

    A keyset page walks the primary key backwards and stops when it has enough:
    no count over every notice of the county.
    """
    # EXISTS per notice (a primary-key probe) rather than IN over every visible clue.
    notices = SupervisionNotice.objects.filter(Exists(visible_clues(user).filter(id=OuterRef("clue_id"))))
    if before and before.isdigit():
        notices = notices.filter(id__lt=int(before))
    rows = list(notices.select_related("clue", "issued_by").order_by("-id")[:NOTICES_PER_PAGE + 1])
    earlier = rows[NOTICES_PER_PAGE - 1].id if len(rows) > NOTICES_PER_PAGE else None
    return rows[:NOTICES_PER_PAGE], earlier


@login_required
def staff_stats(request):
    user = require_supervisor(request.user)
    staff = supervision.staff_in_scope(user)
    paginator = listing.CountedPaginator(supervision.staff_counts(staff), listing.PAGE_SIZE, staff.count())
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "clues/stats.html", {"page": page, "query": listing.query_without_page(request.GET)})
