"""村务公开 staff pages: a village member publishes and corrects; overseers see completeness;
the administrator keeps the N list; a township officer downloads the township's posters."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.places.models import Jurisdiction
from qingfeng.staff.menu import Entry
from qingfeng.villages import completeness, forms
from qingfeng.villages import access as village_access
from qingfeng.villages.actions import (do_add_required_item, do_change_required_item, do_correct_disclosure,
                                       do_publish_disclosure)
from qingfeng.villages.models import Disclosure, Meeting, RequiredItem
from qingfeng.villages.months import recent_months
from qingfeng.villages.posters import FontMissing, township_posters_zip
from qingfeng.web.view_errors import errors_as_messages, errors_on_form, valid_or_message

MONTHS_SHOWN = 6
CONFLICT = gettext_lazy("这条公开内容刚被其他人更正过，请看最新版本后再更正。")
ITEM_CONFLICT = gettext_lazy("该事项刚被其他人修改过，请刷新后再试。")
L = Jurisdiction.Level


def staff_entries(user) -> list[Entry]:
    if not access.is_staff(user):
        return []
    entries = []
    if user.role == Role.VILLAGE and user.jurisdiction.level == L.VILLAGE:
        code = user.jurisdiction.code
        entries.append(Entry(reverse("villages:village", args=[code]), _("村务公开"),
                             _("按月发布、更正本村的 N+X 公开事项")))
        entries.append(Entry(reverse("villages:meetings", args=[code]), _("月例会"),
                             _("记录本村村务监督委员会月例会和民主理财审核，作为月例会事项公开")))
        entries.append(Entry(reverse("villages:books", args=[code]), _("本村账目"),
                             _("本村已导入的村级财务收支明细，民主理财审核情况")))
        entries.append(Entry(reverse("villages:hits", args=[code]), _("本村比对命中"),
                             _("村级财务比对规则对本村的命中（只读）")))
    if village_access.can_oversee(user):
        entries.append(Entry(reverse("villages:index"), _("村务公开情况"),
                             _("各乡镇、各村 N 项公开的完成和逾期情况，村公开二维码海报")))
    if user.role == Role.ADMIN:
        entries.append(Entry(reverse("villages:items"), _("必须公开事项"), _("维护全县统一的 N 项清单")))
    return entries


def _months():
    today = timezone.localdate()
    return today, recent_months(today, MONTHS_SHOWN)


@login_required
def index(request):
    user = village_access.require_viewer(request.user)
    if user.role == Role.VILLAGE:
        return redirect("villages:village", code=user.jurisdiction.code)
    today, months = _months()
    townships = list(village_access.visible_townships(user).order_by("path"))
    villages = Jurisdiction.objects.filter(level=L.VILLAGE, parent__in=townships).values_list("id", "parent_id")
    by_township = defaultdict(list)
    for village_id, township_id in villages:
        by_township[township_id].append(village_id)
    statuses = completeness.village_months([v for v, _t in villages], months, today)
    rows = [(t, completeness.summarise({v: statuses[v] for v in by_township[t.id]})) for t in townships]
    return render(request, "villages/index.html", {"rows": rows, "months": months})


@login_required
def township(request, code: str):
    place = village_access.access_township_by_code(request.user, code)
    today, months = _months()
    villages = list(Jurisdiction.objects.filter(level=L.VILLAGE, parent=place).order_by("code"))
    statuses = completeness.village_months([v.id for v in villages], months, today)
    return render(request, "villages/township.html", {
        "township": place, "months": months, "rows": [(v, statuses[v.id]) for v in villages],
        "summary": completeness.summarise(statuses),
    })


@login_required
def township_posters(request, code: str):
    place = village_access.access_township_by_code(request.user, code)
    try:
        archive = township_posters_zip(place)
    except FontMissing as exc:
        messages.error(request, str(exc))
        return redirect("villages:township", code=code)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="posters-{place.code}.zip"'
    return response


def _disclosures_by_month(village):
    rows = (Disclosure.objects.filter(village=village).select_related("item", "author", "superseded_by")
            .prefetch_related("attachments"))
    grouped = defaultdict(list)
    for disclosure in rows:
        grouped[disclosure.month].append(disclosure)
    return sorted(grouped.items(), reverse=True)


@login_required
def village(request, code: str):
    user = request.user
    place = village_access.access_village_by_code(user, code)
    may_publish = village_access.can_publish(user, place)
    today, months = _months()
    form = forms.PublishForm(months, request.POST or None, request.FILES or None) if may_publish else None
    status = 200
    if request.method == "POST" and not may_publish:
        raise PermissionDenied  # only the village's own committee publishes
    if request.method == "POST":
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                disclosure = do_publish_disclosure(place, acting_user=user, **form.payload())
                messages.success(request, _("已发布：%(title)s") % {"title": disclosure.title})
                return redirect("villages:village", code=code)
        status = 400
    return render(request, "villages/village.html", {
        "village": place, "township": place.township(), "form": form, "may_publish": may_publish,
        "statuses": completeness.village_months([place.id], months, today)[place.id],
        "by_month": _disclosures_by_month(place),
        "finance_link": village_access.can_oversee(user),
    }, status=status)


@login_required
def correct(request, disclosure_id: int):
    user = request.user
    disclosure = village_access.access_disclosure_by_id(user, disclosure_id)
    if not village_access.can_publish(user, disclosure.village):
        raise PermissionDenied
    meeting = Meeting.objects.filter(disclosure=disclosure).first()
    if meeting is not None:  # a published meeting is corrected by changing its record
        return redirect("villages:change_meeting", meeting_id=meeting.id)
    initial = {"version": disclosure.version, "title": disclosure.title, "text": disclosure.text,
               "keep_attachments": True}
    form = forms.CorrectForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with errors_on_form(form, CONFLICT):
                do_correct_disclosure(
                    disclosure.id, acting_user=user, expected_version=data["version"], text=data["text"],
                    note=data["note"], title=data["title"] if disclosure.is_x else None,
                    keep_attachments=data["keep_attachments"], attachments=data["attachments"])
                messages.success(request, _("已发布更正：%(title)s") % {"title": disclosure.title})
                return redirect("villages:village", code=disclosure.village.code)
        status = 400
    return render(request, "villages/correct.html", {"disclosure": disclosure, "form": form}, status=status)


@login_required
def items(request):
    user = access.require_role(request.user, Role.ADMIN)
    add_form = forms.ItemForm(request.POST if request.POST.get("do") == "add" else None)
    if request.method == "POST":
        with errors_as_messages(request, ITEM_CONFLICT):
            if request.POST.get("do") == "add":
                if valid_or_message(request, add_form):
                    item = do_add_required_item(acting_user=user, title=add_form.cleaned_data["title"])
                    messages.success(request, _("已添加事项：%(title)s") % {"title": item.title})
            else:
                change = forms.ItemChangeForm(request.POST)
                if valid_or_message(request, change):
                    do_change_required_item(
                        change.cleaned_data["item"], acting_user=user,
                        expected_version=change.cleaned_data["version"], title=change.cleaned_data["title"],
                        retired=change.cleaned_data["retired"])
                    messages.success(request, _("已保存。"))
        return redirect("villages:items")
    return render(request, "villages/items.html", {
        "items": RequiredItem.objects.all(), "add_form": forms.ItemForm()
    })
