"""举报箱 and 赶集日举报点 staff pages (the points themselves: qingfeng.places.markets). Views parse,
authorise, call, render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.accounts import access as accounts_access
from qingfeng.boxes import access, actions, forms, schedule
from qingfeng.boxes.register import BoxFileError
from qingfeng.clues.access import visible_clues
from qingfeng.clues.models import Channel, Source, State
from qingfeng.core import isolation
from qingfeng.places import markets as market_points
from qingfeng.staff.menu import Entry
from qingfeng.web.view_errors import (
    errors_as_messages,
    errors_on_form,
    valid_or_message,
)

CONFLICT = gettext_lazy("该举报箱刚被其他人修改过，请刷新后再试。")
PAGE_SIZE = 100
MAX_ITEM_ROWS = 50


def staff_entries(user) -> list[Entry]:
    if not accounts_access.is_staff(user):
        return []
    entries = []
    if user.role in access.READERS:
        entries.append(Entry(reverse("boxes:index"), _("举报箱"), _("举报箱台账、开箱记录及开箱材料登记")))
    if user.role in market_points.READERS:
        entries.append(Entry(reverse("boxes:markets"), _("赶集日举报点"), _("赶集日现场受理的举报点及各点线索清零情况")))
    return entries


@login_required
def index(request):
    user = access.require_reader(request.user)
    today = timezone.localdate()
    boxes = schedule.with_last_opening(access.visible_boxes(user))
    if request.GET.get("overdue"):
        boxes = schedule.overdue(access.visible_boxes(user), today)
    if request.GET.get("place"):
        boxes = boxes.filter(place__path__contains=f"/{request.GET['place']}/")
    page = Paginator(boxes.order_by("number"), PAGE_SIZE).get_page(request.GET.get("page"))
    limit = today - timedelta(days=schedule.interval_days())
    keeper = access.is_keeper(user)
    form = forms.BoxForm(request.POST or None) if keeper else None
    status = 200
    if request.method == "POST":
        access.require_keeper(user)
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                box = actions.do_add_box(acting_user=user, **form.payload(editing=False))
                messages.success(request, _("已登记举报箱 %(number)s。") % {"number": box.number})
                return redirect("boxes:box", box_id=box.id)
        status = 400
    return render(request, "boxes/index.html", {
        "page": page, "rows": [(b, b.active and b.since < limit) for b in page], "form": form,
        "import_form": forms.ImportForm() if keeper else None, "interval": schedule.interval_days(),
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        "total": access.visible_boxes(user).count(),
        "overdue_count": schedule.overdue(access.visible_boxes(user), today).count(),
    }, status=status)


@login_required
@require_POST
def import_boxes(request):
    user = access.require_keeper(request.user)
    form = forms.ImportForm(request.POST, request.FILES)
    report, error = None, None
    if valid_or_message(request, form):
        upload = form.cleaned_data["file"]
        try:
            report = actions.do_import_boxes(upload, acting_user=user, name=upload.name,
                                             limits=isolation.upload_limits())
        except BoxFileError as exc:
            error = str(exc)
    else:
        return redirect("boxes:index")
    return render(request, "boxes/import.html", {"report": report, "error": error},
                  status=400 if error or (report and report.rejected) else 200)


@login_required
def box_detail(request, box_id: int):
    user = access.require_reader(request.user)
    box = access.access_box_by_id(user, box_id)
    keeper = access.is_keeper(user)
    form = None
    if keeper:
        initial = {k: getattr(box, k) for k in ("number", "location", "key_holder", "installed_on", "active")}
        form = forms.BoxForm(request.POST or None, editing=True,
                             initial=initial | {"place": box.place.code, "version": box.version})
    status = 200
    if request.method == "POST":
        access.require_keeper(user)
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                actions.do_update_box(box.id, acting_user=user, expected_version=form.cleaned_data["version"],
                                      **form.payload(editing=True))
                messages.success(request, _("已保存。"))
                return redirect("boxes:box", box_id=box.id)
        status = 400
    openings = access.visible_openings(user).filter(box=box).annotate(n_items=Count("items"))
    return render(request, "boxes/box.html", {"box": box, "form": form, "openings": openings, "keeper": keeper},
                  status=status)


def _item_rows(request) -> int:
    try:
        return max(0, min(int(request.GET.get("items", 3)), MAX_ITEM_ROWS))
    except ValueError:
        return 3


@login_required
def record_opening(request, box_id: int):
    user = access.require_keeper(request.user)
    box = access.access_box_by_id(user, box_id)
    witnesses = access.possible_witnesses(box)
    form = forms.OpeningForm(witnesses, request.POST or None)
    items = forms.ItemFormSet(request.POST or None, prefix="items", initial=[{}] * _item_rows(request))
    status = 200
    if request.method == "POST":
        if form.is_valid() and items.is_valid():
            with errors_on_form(form, CONFLICT):
                opening = actions.do_record_opening(box.id, acting_user=user, items=forms.filled_items(items),
                                                    **form.cleaned_data)
                messages.success(request, _("已记录开箱，登记线索 %(n)s 条。") % {"n": opening.items.count()})
                return redirect("boxes:opening", opening_id=opening.id)
        status = 400
    return render(request, "boxes/open.html", {"box": box, "form": form, "items": items,
                                               "more": min(len(items.forms) + 3, MAX_ITEM_ROWS)}, status=status)


@login_required
def opening_detail(request, opening_id: int):
    user = access.require_reader(request.user)
    opening = access.access_opening_by_id(user, opening_id)
    items = list(opening.items.select_related("clue"))
    # The clue's summary and link only for clues the viewer may open (a clue taken away by
    # 交叉办理 or 直查直办 shows its number only).
    may_open = set(visible_clues(user).filter(id__in=[i.clue_id for i in items]).values_list("id", flat=True))
    return render(request, "boxes/opening.html", {
        "opening": opening, "box": opening.box, "items": items,
        "rows": [(item, item.clue_id in may_open) for item in items]})


def _clue_counts() -> dict:
    """Aggregates of a grouping of clues: all, open (待处置, 办理中), closed (已办结)."""
    return {"clues": Count("id"), "open": Count("id", filter=~Q(state=State.CLOSED)),
            "closed": Count("id", filter=Q(state=State.CLOSED))}


@login_required
def markets(request):
    user = market_points.require_reader(request.user)
    points = list(market_points.visible_points(user).annotate(n_days=Count("days")))
    counts = {row["market_day__point_id"]: row for row in visible_clues(user).filter(
        market_day__point__in=[p.id for p in points]).values("market_day__point_id").annotate(
        **_clue_counts()).order_by()}
    keeper = market_points.is_keeper(user)
    form = forms.PointForm(request.POST or None) if keeper else None
    status = 200
    if request.method == "POST":
        market_points.require_keeper(user)
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                point = market_points.do_add_point(acting_user=user, **form.cleaned_data)
                messages.success(request, _("已设立赶集日举报点：%(point)s") % {"point": point})
                return redirect("boxes:point", point_id=point.id)
        status = 400
    empty = {"clues": 0, "open": 0, "closed": 0}
    rows = [(p, counts.get(p.id, empty)) for p in points]
    total = {k: sum(c[k] for _p, c in rows) for k in empty}
    return render(request, "boxes/markets.html", {"rows": rows, "total": total, "form": form}, status=status)


@login_required
def point_detail(request, point_id: int):
    user = market_points.require_reader(request.user)
    point = market_points.access_point_by_id(user, point_id)
    keeper = market_points.is_keeper(user)
    form = forms.MarketDayForm(request.POST or None) if keeper else None
    if request.method == "POST":
        market_points.require_keeper(user)
        if valid_or_message(request, form):
            with errors_as_messages(request, CONFLICT):
                market_points.do_add_market_day(point.id, acting_user=user, **form.cleaned_data)
                messages.success(request, _("已登记赶集日。"))
        return redirect("boxes:point", point_id=point.id)
    counts = {row["market_day_id"]: row for row in visible_clues(user).filter(market_day__point=point)
              .values("market_day_id").annotate(**_clue_counts()).order_by()}
    empty = {"clues": 0, "open": 0, "closed": 0}
    today = timezone.localdate()
    intake = reverse("clues:intake")
    rows = [(d, counts.get(d.id, empty),
             f"{intake}?{urlencode({'source': Source.PETITION, 'channel': Channel.VISIT, 'market_day': d.id})}"
             if keeper and d.day <= today else "")
            for d in point.days.order_by("-day")]
    return render(request, "boxes/point.html", {"point": point, "rows": rows, "form": form})
