"""问责 pages: the list with its filters and the tables by township and department, a
decision's page (and its change form), recording a new one."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.accounts import access as accounts_access
from qingfeng.cases.accountability import access, actions, forms, summary
from qingfeng.cases.measures import ACCOUNTABILITY_MEASURES, TargetType
from qingfeng.web.view_errors import errors_on_form
from qingfeng.clues.listing import query_without_page
from qingfeng.places.models import Department, Jurisdiction
from qingfeng.staff.menu import Entry

PAGE_SIZE = 50
CONFLICT = gettext_lazy("保存失败：该问责记录已被他人修改，请核对最新内容后重新提交。")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filtered(queryset, params):
    """The list's filters (query-string names): township, department, target_type, measure,
    principal, from, to (决定日期), q (对象 or 编号)."""
    if params.get("township"):
        queryset = queryset.filter(township__code=params["township"])
    if params.get("department"):
        queryset = queryset.filter(department__code=params["department"])
    for name in ("target_type", "measure"):
        if params.get(name):
            queryset = queryset.filter(**{name: params[name]})
    if params.get("principal") == "1":
        queryset = queryset.filter(principal=True)
    if day := _day(params.get("from")):
        queryset = queryset.filter(decided_on__gte=day)
    if day := _day(params.get("to")):
        queryset = queryset.filter(decided_on__lte=day)
    if params.get("q"):
        queryset = queryset.filter(Q(target__icontains=params["q"]) | Q(no__icontains=params["q"]))
    return queryset


@login_required
def accountability_list(request):
    user = access.require_reader(request.user)
    queryset = _filtered(access.visible_accountability(user), request.GET)
    by_township, by_department = summary.tables(queryset)
    return render(request, "cases/accountability_list.html", {
        "page": Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page")), "params": request.GET,
        "query": query_without_page(request.GET), "by_township": by_township, "by_department": by_department,
        "columns": summary.COLUMNS, "groups": [(TargetType(t).label, len(ms)) for t, ms in ACCOUNTABILITY_MEASURES.items()],
        "townships": accounts_access.visible_jurisdictions(user).filter(level=Jurisdiction.Level.TOWNSHIP),
        "departments": Department.objects.all() if user.jurisdiction.level == Jurisdiction.Level.COUNTY else [],
        "target_types": TargetType.choices, "measures": sorted({m for ms in ACCOUNTABILITY_MEASURES.values() for m in ms}),
        "can_record": access.can_record(user),
    })


@login_required
def accountability_new(request):
    user = access.require_recorder(request.user)
    form = forms.AccountabilityForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, CONFLICT, request):
            item = actions.do_create_accountability(acting_user=user, **form.values())
            messages.success(request, _("已录入问责 %(no)s。") % {"no": item.no})
            return redirect("accountability:detail", accountability_id=item.id)
    return render(request, "cases/accountability_form.html", {"form": form})


@login_required
def accountability_detail(request, accountability_id: int):
    user = access.require_reader(request.user)
    item = access.access_accountability_by_id(user, accountability_id)
    form = None
    if access.can_record_for(user, item.owner):
        form = forms.AccountabilityForm.of(user, item)
        if request.method == "POST":
            form = forms.AccountabilityForm(user, request.POST)
            if form.is_valid():
                with errors_on_form(form, CONFLICT, request):
                    actions.do_change_accountability(item.id, acting_user=user,
                                                     expected_version=form.cleaned_data["version"], **form.values())
                    messages.success(request, _("已保存问责 %(no)s。") % {"no": item.no})
                    return redirect("accountability:detail", accountability_id=item.id)
    elif request.method == "POST":
        access.require_recorder(user)  # a reader may look, not change: 403
    return render(request, "cases/accountability_detail.html", {"item": item, "form": form})


def staff_entries(user) -> list[Entry]:
    if user.role not in access.READERS:
        return []
    return [Entry(reverse("accountability:list"), _("追责问责"), _("党组织和领导干部问责，按乡镇、部门统计"))]
