"""Case pages and the outcome forms of a clue. Views parse, authorise, call an action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from qingfeng.cases import access, actions, forms, outcomes
from qingfeng.web.view_errors import (
    errors_as_messages,
    errors_on_form,
    valid_or_message,
    validation_text,
)
from qingfeng.clues.access import CLUE_READERS, require_clue_reader
from qingfeng.core.versioning import Conflict
from qingfeng.staff.menu import Entry

PAGE_SIZE = 50
# Lazy: a module-level text is translated when shown, in the reader's language.
CONFLICT = gettext_lazy("保存失败：已被他人修改，请核对最新内容后重新提交。")


def _clue_page(clue_id: int):
    return redirect(reverse("clues:detail", args=[clue_id]) + "#outcomes")


# --- cases -------------------------------------------------------------------------------------


@login_required
def case_list(request):
    user = require_clue_reader(request.user)
    cases = access.visible_cases(user).order_by("-filed_on", "-id")
    stage = request.GET.get("stage", "")
    if stage in actions.STAGE_DATE:
        cases = cases.filter(stage=stage)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"page": page, "stage": stage, "stages": actions.STAGES})


@login_required
def case_detail(request, case_id: int):
    user = require_clue_reader(request.user)
    case = access.access_case_by_id(user, case_id)
    target = actions.next_stage(case)
    may_record = access.can_record_outcomes(user)
    return render(request, "cases/case_detail.html", {
        "case": case, "clue": case.clue, "stages": outcomes.stage_rows(case), "next_stage": target,
        "investigated": case.investigated.all(), "may_record": may_record,
        "advance_form": forms.AdvanceCaseForm(initial={"version": case.version, "stage": target}) if target else None,
        "investigated_form": forms.InvestigatedForm(initial={"version": case.version}),
        "measures": outcomes.measure_rows(case.clue),
    })


@login_required
@require_POST
def file_case(request, clue_id: int):
    user = request.user
    access.access_clue_for_outcomes(user, clue_id)  # 403 / 404 before anything else
    form = forms.FileCaseForm(request.POST)
    if valid_or_message(request, form):
        with errors_as_messages(request, CONFLICT):
            case = actions.do_file_case(clue_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                        filed_on=form.cleaned_data["filed_on"])
            messages.success(request, _("已立案，案件编号 %(no)s。") % {"no": case.case_no})
            return redirect("cases:detail", case_id=case.id)
    return _clue_page(clue_id)


@login_required
@require_POST
def advance_case(request, case_id: int):
    user = request.user
    access.access_case_for_outcomes(user, case_id)
    form = forms.AdvanceCaseForm(request.POST)
    if valid_or_message(request, form):
        data = form.cleaned_data
        with errors_as_messages(request, CONFLICT):
            case = actions.do_advance_case(case_id, acting_user=user, expected_version=data["version"],
                                           stage=data["stage"], on=data["on"])
            messages.success(request, _("案件已进入“%(stage)s”环节。") % {"stage": case.get_stage_display()})
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def add_investigated(request, case_id: int):
    user = request.user
    access.access_case_for_outcomes(user, case_id)
    form = forms.InvestigatedForm(request.POST)
    if valid_or_message(request, form):
        data = dict(form.cleaned_data)
        with errors_as_messages(request, CONFLICT):
            actions.do_add_investigated(case_id, acting_user=user, expected_version=data.pop("version"), **data)
            messages.success(request, _("已添加被调查人 %(name)s。") % {"name": data["name"]})
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def remove_investigated(request, case_id: int, person_id: int):
    user = request.user
    access.access_case_for_outcomes(user, case_id)
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        with errors_as_messages(request, CONFLICT):
            actions.do_remove_investigated(case_id, person_id, acting_user=user,
                                           expected_version=form.cleaned_data["version"])
            messages.success(request, _("已移除被调查人。"))
    return redirect("cases:detail", case_id=case_id)


# --- persons handled ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request, clue_id: int):
    user = request.user
    clue = access.access_clue_for_outcomes(user, clue_id)
    correction = not clue.is_open
    form = forms.MeasureForm(request.POST or None, initial={"version": clue.version}, correction=correction)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, CONFLICT):
            item = actions.do_add_measure(clue_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                          reason=form.cleaned_data.get("reason", ""), **form.values())
            messages.success(request, _("已录入处理人员 %(name)s（%(measure)s）。") % {
                "name": item.name, "measure": f"{item.kind}·{item.measure}"})
            return _clue_page(clue_id)
    return render(request, "cases/measure_form.html", {"clue": clue, "form": form, "correction": correction})


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, measure_id: int):
    user = request.user
    item = access.access_measure_for_outcomes(user, measure_id)
    clue = item.clue
    correction = not clue.is_open
    if request.method == "POST":
        form = forms.MeasureForm(request.POST, correction=correction)
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                actions.do_change_measure(measure_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                          values=form.values(), reason=form.cleaned_data.get("reason", ""))
                messages.success(request, _("已修改处理人员 %(name)s。") % {"name": item.name})
                return _clue_page(clue.id)
    else:
        form = forms.MeasureForm.of(item, correction=correction)
    return render(request, "cases/measure_edit.html", {
        "clue": clue, "item": item, "form": form, "correction": correction,
        "refunds": item.refunds.select_related("household"),
        "refund_form": forms.RefundForm(access.households_for_refunds(user, clue), initial={"version": item.version}),
        "remove_form": forms.RemoveForm(initial={"version": item.version}),
    })


@login_required
@require_POST
def measure_remove(request, measure_id: int):
    user = request.user
    item = access.access_measure_for_outcomes(user, measure_id)
    form = forms.RemoveForm(request.POST)
    if form.is_valid():
        try:
            actions.do_remove_measure(measure_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                      reason=form.cleaned_data["reason"])
        except Conflict:
            messages.error(request, CONFLICT)
        except ValidationError as exc:  # e.g. no reason after close-out: back to the page with the reason field
            messages.error(request, validation_text(exc))
            return redirect("cases:measure_edit", measure_id=measure_id)
        else:
            messages.success(request, _("已删除处理人员 %(name)s 的记录。") % {"name": item.name})
    return _clue_page(item.clue_id)


@login_required
@require_POST
def refund_add(request, measure_id: int):
    user = request.user
    item = access.access_measure_for_outcomes(user, measure_id)
    form = forms.RefundForm(access.households_for_refunds(user, item.clue), request.POST)
    if valid_or_message(request, form):
        with errors_as_messages(request, CONFLICT):
            refund = actions.do_add_refund(measure_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                           **form.action_kwargs())
            messages.success(request, _("已登记退还 %(payee)s %(amount)s 元。") % {
                "payee": refund.payee, "amount": refund.amount})
    return redirect("cases:measure_edit", measure_id=measure_id)


@login_required
@require_POST
def refund_remove(request, refund_id: int):
    user = request.user
    refund = access.access_refund_for_outcomes(user, refund_id)
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        with errors_as_messages(request, CONFLICT):
            actions.do_remove_refund(refund_id, acting_user=user, expected_version=form.cleaned_data["version"])
            messages.success(request, _("已删除退还明细。"))
    return redirect("cases:measure_edit", measure_id=refund.measure_id)


# --- corrections -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def correct_outcomes(request, clue_id: int):
    user = request.user
    clue = access.access_clue_for_outcomes(user, clue_id)
    kwargs = {"has_persons": clue.measures.exists(), "has_case": outcomes.case_of(clue) is not None}
    form = forms.CorrectionForm(clue, request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, CONFLICT):
            actions.do_correct_outcomes(clue_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                        reason=form.cleaned_data["reason"], values=form.values(),
                                        today=timezone.localdate())
            messages.success(request, _("已更正处理结果。"))
            return _clue_page(clue_id)
    return render(request, "cases/case_correct.html", {"clue": clue, "form": form, **kwargs})


def staff_entries(user) -> list[Entry]:
    if user.role not in CLUE_READERS:
        return []
    return [Entry(reverse("cases:list"), _("案件"), _("立案、审查调查、审理、处分决定、结案"))]
