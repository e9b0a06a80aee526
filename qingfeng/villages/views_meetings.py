"""Monthly meetings (月例会), the village's books and its cross-check hits: staff pages.

Members of the village's committee record, change and publish its meetings; township
officers, 片区 leaders and leadership read them in their jurisdiction.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.core.months import add_months
from qingfeng.villages import access as village_access
from qingfeng.villages import books, finance, forms
from qingfeng.villages.actions import do_change_meeting, do_publish_meeting, do_record_meeting
from qingfeng.villages.months import month_of, parse_month
from qingfeng.web.view_errors import errors_as_messages, errors_on_form

CONFLICT = gettext_lazy("这次月例会刚被其他成员修改过，请看最新的记录后再修改。")
BOOKS_PAGE = 50
BOOKS_BUSY = gettext_lazy("账簿数据正在更新（比对任务运行中），请稍后刷新。")


@login_required
def meetings(request, code: str):
    place = village_access.access_village_by_code(request.user, code)
    rows = (village_access.visible_meetings(request.user).filter(village=place)
            .prefetch_related("entries"))
    return render(request, "villages/meetings.html", {
        "village": place, "meetings": rows, "may_record": village_access.can_publish(request.user, place),
    })


def _books_months(place) -> list[str]:
    """The months to list the books' entries of: those the books have, else the last twelve."""
    try:
        months = books.months_of(place.code)
    except books.BooksUnavailable:
        months = []
    return months or [f"{add_months(month_of(timezone.localdate()), -i):%Y-%m}" for i in range(12)]


def _books_month(request, months: list[str]) -> str:
    """The month asked for; else last month if the books have it; else the books' newest."""
    chosen = parse_month(request.GET.get("books_month", ""))
    if chosen is not None:
        return f"{chosen:%Y-%m}"
    last = f"{add_months(month_of(timezone.localdate()), -1):%Y-%m}"
    return last if last in months else months[0]


def _candidates(place, books_month: str, meeting=None):
    """The entries of the chosen month to tick, less those signed off at other meetings."""
    try:
        snapshot, entries = books.entries_to_review(place.code, books_month)
    except books.BooksUnavailable:
        return None, [], True
    signed = finance.signed_off_vouchers(place)
    own = meeting.id if meeting else None
    return snapshot, [e for e in entries if signed.get(e.voucher_no) in (None, own)], False


def _meeting_page(request, place, form, meeting=None, status=200):
    months = _books_months(place)
    books_month = _books_month(request, months)
    snapshot, candidates, busy = _candidates(place, books_month, meeting)
    ticked = set(request.POST.getlist("vouchers")) if request.method == "POST" else (
        set(meeting.entries.values_list("voucher_no", flat=True)) if meeting else set())
    return render(request, "villages/meeting_form.html", {
        "village": place, "form": form, "meeting": meeting, "snapshot": snapshot, "candidates": candidates,
        "ticked": ticked, "books_month": books_month, "months": months, "books_busy": busy,
    }, status=status)


@login_required
def record_meeting(request, code: str):
    user = request.user
    place = village_access.access_village_by_code(user, code)
    if not village_access.can_publish(user, place):
        raise PermissionDenied  # only the village's own committee records its meetings
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                meeting = do_record_meeting(place, acting_user=user,
                                            **form.payload(request.POST.getlist("vouchers")))
                messages.success(request, _("月例会已记录。核对无误后请点“公开”。"))
                return redirect("villages:meeting", meeting_id=meeting.id)
        return _meeting_page(request, place, form, status=400)
    return _meeting_page(request, place, form)


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = village_access.access_meeting_by_id(request.user, meeting_id)
    entries = list(meeting.entries.all())
    return render(request, "villages/meeting.html", {
        "meeting": meeting, "village": meeting.village, "entries": entries,
        "total": sum((e.amount for e in entries if e.amount is not None)),
        "may_change": village_access.can_publish(request.user, meeting.village),
    })


@login_required
def change_meeting(request, meeting_id: int):
    user = request.user
    meeting = village_access.access_meeting_by_id(user, meeting_id)
    if not village_access.can_publish(user, meeting.village):
        raise PermissionDenied
    books_month = _books_month(request, _books_months(meeting.village))
    shown = {e.voucher_no for e in _candidates(meeting.village, books_month, meeting)[1]}
    typed = "\n".join(v for v in meeting.entries.values_list("voucher_no", flat=True) if v not in shown)
    initial = {"version": meeting.version, "held_on": meeting.held_on, "attendees": meeting.attendees,
               "topics": meeting.topics, "decisions": meeting.decisions, "typed_vouchers": typed}
    form = forms.MeetingForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST":
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                do_change_meeting(meeting.id, acting_user=user, expected_version=form.cleaned_data["version"],
                                  note=form.cleaned_data["note"], **form.payload(request.POST.getlist("vouchers")))
                messages.success(request, _("月例会记录已修改。"))
                return redirect("villages:meeting", meeting_id=meeting.id)
        return _meeting_page(request, meeting.village, form, meeting, status=400)
    return _meeting_page(request, meeting.village, form, meeting)


@login_required
@require_POST
def publish_meeting(request, meeting_id: int):
    user = request.user
    meeting = village_access.access_meeting_by_id(user, meeting_id)
    if not village_access.can_publish(user, meeting.village):
        raise PermissionDenied
    version = request.POST.get("version", "")
    if not version.isdigit():  # never publish over a change the member has not seen
        messages.error(request, forms.VERSION_MISSING)
        return redirect("villages:meeting", meeting_id=meeting.id)
    with errors_as_messages(request, CONFLICT):
        do_publish_meeting(meeting.id, acting_user=user, expected_version=int(version))
        messages.success(request, _("月例会已作为本村“村务监督委员会月例会”公开。"))
    return redirect("villages:meeting", meeting_id=meeting.id)


@login_required
def village_books(request, code: str):
    place = village_access.access_village_by_code(request.user, code)
    filters = forms.BooksFilterForm([], request.GET or None)
    month = request.GET.get("month", "").strip()
    month = month if parse_month(month) else ""
    direction = request.GET.get("direction", "")
    direction = direction if direction in (books.INCOME, books.EXPENSE) else ""
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and int(number) > 0 else 1
    try:
        result = books.books_page(place.code, month=month or None, direction=direction or None,
                                  offset=(number - 1) * BOOKS_PAGE, limit=BOOKS_PAGE)
        if result is not None and result.total and (number - 1) * BOOKS_PAGE >= result.total:
            number = (result.total - 1) // BOOKS_PAGE + 1
            result = books.books_page(place.code, month=month or None, direction=direction or None,
                                      offset=(number - 1) * BOOKS_PAGE, limit=BOOKS_PAGE)
    except books.BooksUnavailable:
        messages.warning(request, BOOKS_BUSY)
        result = None
    if result is not None:
        filters = forms.BooksFilterForm(result.months, {"month": month, "direction": direction})
    signed = finance.signed_off_vouchers(place)
    rows = [(entry, signed.get(entry.voucher_no)) for entry in (result.entries if result else [])]
    page = Paginator(range(result.total if result else 0), BOOKS_PAGE).get_page(number)
    query = "&".join(f"{k}={v}" for k, v in (("month", month), ("direction", direction)) if v)
    return render(request, "villages/books.html", {
        "village": place, "books": result, "rows": rows, "filters": filters, "page": page, "query": query,
    })


def _for_member(user) -> bool:
    from qingfeng.accounts.models import Role

    return user.role == Role.VILLAGE


@login_required
def village_hits(request, code: str):
    from qingfeng.villages.hit_view import hit_view

    place = village_access.access_village_by_code(request.user, code)
    clues = village_access.visible_village_hits(request.user, place).order_by("-received_on", "-id")
    page = Paginator(clues, BOOKS_PAGE).get_page(request.GET.get("page"))
    member, today = _for_member(request.user), timezone.localdate()
    rows = [(clue, hit_view(clue, for_member=member, today=today)) for clue in page]
    return render(request, "villages/hits.html", {"village": place, "page": page, "rows": rows})


@login_required
def village_hit(request, code: str, clue_id: int):
    from qingfeng.villages.hit_view import hit_view

    place = village_access.access_village_by_code(request.user, code)
    clue = village_access.access_village_hit_by_id(request.user, place, clue_id)
    data = clue.evidence or {}
    shown = hit_view(clue, for_member=_for_member(request.user), today=timezone.localdate())
    return render(request, "villages/hit.html", {
        "village": place, "clue": clue, "rule": data.get("rule", ""), "rule_title": data.get("title", ""),
        "shown": shown, "records": shown.records, "facts": shown.facts,
    })
