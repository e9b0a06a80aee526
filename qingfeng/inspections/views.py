"""巡察整改 staff pages: rounds, their targets and problems, rectification, the indicator table.
Views parse, authorise, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.accounts import access as accounts_access
from qingfeng.core import workdays
from qingfeng.inspections import access, actions, forms, indicators
from qingfeng.inspections.models import Problem, Round
from qingfeng.staff.menu import Entry
from qingfeng.web.view_errors import (
    errors_as_messages,
    errors_on_form,
    valid_or_message,
)

CONFLICT = gettext_lazy("该记录刚被其他人修改过，请刷新后再试。")


def staff_entries(user) -> list[Entry]:
    if not accounts_access.is_staff(user) or user.role not in access.READERS:
        return []
    entries = [Entry(reverse("inspections:index"), _("巡察整改"), _("巡察轮次、反馈问题、整改报告与核实"))]
    if user.role in access.COUNTY_READERS:
        entries.append(Entry(reverse("inspections:indicators"), _("巡察整改指标"),
                             _("反馈问题、立行立改、意见建议、建章立制、清退资金")))
    return entries


def _marked(problems, today):
    return [(p, workdays.warning(p.due_on, today, open_=p.status == Problem.Status.OPEN)) for p in problems]


@login_required
def index(request):
    user = access.require_reader(request.user)
    today = timezone.localdate()
    form = forms.RoundForm(request.POST or None, initial={"year": today.year})
    if request.method == "POST":
        access.require_office(user)
        if form.is_valid():
            with errors_on_form(form, CONFLICT):
                created = actions.do_create_round(acting_user=user, **form.payload())
                messages.success(request, _("已新建巡察轮次：%(round)s") % {"round": created})
                return redirect("inspections:round", round_id=created.id)
    rounds = access.visible_rounds(user).annotate(
        n_targets=Count("targets", distinct=True), n_problems=Count("targets__problems"))
    # Who answers for problems sees those still to rectify; the county sees those to verify.
    waiting = access.visible_problems(user).order_by("due_on", "id")
    if user.role in access.COUNTY_READERS:
        waiting = waiting.filter(status=Problem.Status.REPORTED)
    else:
        waiting = waiting.exclude(status=Problem.Status.VERIFIED)
    mine = _marked(waiting, today)
    return render(request, "inspections/index.html", {
        "rounds": rounds, "form": form if access.is_office(user) else None, "mine": mine,
        "is_county": user.role in access.COUNTY_READERS,
    }, status=400 if request.method == "POST" else 200)


def _round_context(user, inspection_round, today):
    targets = list(access.visible_targets(user).filter(round=inspection_round).annotate(
        n_problems=Count("problems"), n_open=Count("problems", filter=~Q(problems__status=Problem.Status.VERIFIED))))
    problems = access.visible_problems(user).filter(target__round=inspection_round).order_by("target_id", "id")
    office = access.is_office(user)
    context = {
        "round": inspection_round, "targets": targets, "problems": _marked(problems, today), "office": office,
        "suggestions": access.visible_suggestions(user).filter(round=inspection_round),
        "rules": access.visible_rules(user).filter(round=inspection_round),
        "is_county": user.role in access.COUNTY_READERS,
    }
    if context["is_county"]:
        context["figures"] = indicators.figures_by_round([inspection_round])[inspection_round.id]
    if office:
        initial = {k: getattr(inspection_round, k) for k in ("year", "number", "kind", "title", "started_on", "ended_on", "note")}
        context.update(
            round_form=forms.RoundForm(initial=initial | {"version": inspection_round.version}, editing=True),
            target_form=forms.TargetForm(), problem_form=forms.ProblemForm(targets),
            suggestion_form=forms.SuggestionForm(initial={"made_on": today}),
            rule_form=forms.RuleForm(initial={"established_on": today}))
    return context


@login_required
def round_detail(request, round_id: int):
    user = access.require_reader(request.user)
    inspection_round = access.access_round_by_id(user, round_id)
    return render(request, "inspections/round.html", _round_context(user, inspection_round, timezone.localdate()))


def _round_post(request, round_id: int, form_class, action, message):
    """One of the office's forms on a round's page: `form_class(user, round, POST)` makes the form,
    `action(user, round, cleaned_data)` changes what it asks, `message(result)` tells the user."""
    user = access.require_office(request.user)
    inspection_round = access.access_round_by_id(user, round_id)
    form = form_class(user, inspection_round, request.POST)
    if valid_or_message(request, form):
        with errors_as_messages(request, CONFLICT):
            result = action(user, inspection_round, dict(form.cleaned_data))
            messages.success(request, message(result))
    return redirect("inspections:round", round_id=inspection_round.id)


@login_required
@require_POST
def round_edit(request, round_id: int):
    return _round_post(
        request, round_id, lambda user, rnd, post: forms.RoundForm(post, editing=True),
        lambda user, rnd, data: actions.do_update_round(rnd.id, acting_user=user,
                                                        expected_version=data.pop("version"), **data),
        lambda _result: _("已保存。"))


@login_required
@require_POST
def add_target(request, round_id: int):
    return _round_post(
        request, round_id, lambda user, rnd, post: forms.TargetForm(post),
        lambda user, rnd, data: actions.do_add_target(rnd.id, acting_user=user, **data),
        lambda target: _("已添加被巡察对象：%(target)s") % {"target": target})


@login_required
@require_POST
def add_problem(request, round_id: int):
    return _round_post(
        request, round_id,
        lambda user, rnd, post: forms.ProblemForm(access.visible_targets(user).filter(round=rnd), post),
        lambda user, rnd, data: actions.do_add_problem(data.pop("target"), acting_user=user, **data),
        lambda _problem: _("已登记反馈问题。"))


@login_required
@require_POST
def add_suggestion(request, round_id: int):
    return _round_post(
        request, round_id, lambda user, rnd, post: forms.SuggestionForm(post),
        lambda user, rnd, data: actions.do_add_suggestion(rnd.id, acting_user=user, **data),
        lambda _suggestion: _("已登记意见建议。"))


@login_required
@require_POST
def add_rule(request, round_id: int):
    return _round_post(
        request, round_id, lambda user, rnd, post: forms.RuleForm(post),
        lambda user, rnd, data: actions.do_add_rule(rnd.id, acting_user=user, **data),
        lambda _rule: _("已登记建章立制。"))


@login_required
def problem_detail(request, problem_id: int):
    user = access.require_reader(request.user)
    problem = access.access_problem_by_id(user, problem_id)
    initial = {"version": problem.version}
    office, open_ = access.is_office(user), problem.status != Problem.Status.VERIFIED
    may_report = open_ and access.answers_for(user, problem.target) and (
        problem.status == Problem.Status.OPEN or not office)
    return render(request, "inspections/problem.html", {
        "problem": problem, "target": problem.target, "round": problem.target.round,
        "warning": workdays.warning(problem.due_on, timezone.localdate(),
                                     open_=problem.status == Problem.Status.OPEN),
        "report_form": forms.ReportForm(initial=initial | {"money_returned": problem.money_returned})
        if may_report else None,
        "verify_form": forms.VerifyForm(initial=initial)
        if office and open_ and (problem.status == Problem.Status.REPORTED or problem.immediate) else None,
        "transfer_form": forms.TransferForm(initial=initial) if office and problem.clue_id is None else None,
    })


def _back_to_problem(problem_id):
    return redirect("inspections:problem", problem_id=problem_id)


@login_required
@require_POST
def report(request, problem_id: int):
    user = access.require_reader(request.user)
    problem = access.access_problem_by_id(user, problem_id)
    if not access.answers_for(user, problem.target):
        raise PermissionDenied
    form = forms.ReportForm(request.POST)
    if valid_or_message(request, form):
        data = dict(form.cleaned_data)
        with errors_as_messages(request, CONFLICT):
            actions.do_report_rectification(problem.id, acting_user=user, expected_version=data.pop("version"),
                                            **data)
            messages.success(request, _("已报告整改情况，等待巡察机构核实。"))
    return _back_to_problem(problem.id)


@login_required
@require_POST
def verify(request, problem_id: int):
    user = access.require_office(request.user)
    problem = access.access_problem_by_id(user, problem_id)
    form = forms.VerifyForm(request.POST)
    if valid_or_message(request, form):
        data = dict(form.cleaned_data)
        with errors_as_messages(request, CONFLICT):
            done = actions.do_verify_rectification(problem.id, acting_user=user,
                                                   expected_version=data.pop("version"), **data)
            messages.success(request, _("已核实：%(status)s") % {"status": done.get_status_display()})
    return _back_to_problem(problem.id)


@login_required
@require_POST
def transfer(request, problem_id: int):
    user = access.require_office(request.user)
    problem = access.access_problem_by_id(user, problem_id)
    form = forms.TransferForm(request.POST)
    if valid_or_message(request, form):
        data = dict(form.cleaned_data)
        with errors_as_messages(request, CONFLICT):
            clue = actions.do_transfer_to_clue(problem.id, acting_user=user, expected_version=data.pop("version"),
                                               **data)
            messages.success(request, _("已移交为线索 %(no)s。") % {"no": clue.clue_no})
            return redirect("clues:detail", clue_id=clue.id)
    return _back_to_problem(problem.id)


@login_required
def indicator_table(request):
    access.require_county_reader(request.user)
    years = sorted(set(Round.objects.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    rows, total = indicators.year_table(year)
    kinds = indicators.kinds_of([r for r, _f in rows])
    return render(request, "inspections/indicators.html", {
        "year": year, "years": years, "rows": rows, "total": total,
        "kinds": [(Round.Kind(k).label, n) for k, n in kinds.items()],
    })
