"""核查 endpoints: the verdict on a cross-check clue, the exceptions list and its revoke button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.clues.access import access_clue_by_id, require_clue_reader
from qingfeng.core.versioning import Conflict
from qingfeng.crosscheck import review as hit_review
from qingfeng.crosscheck.review_forms import HitReviewForm, RevokeForm
from qingfeng.engine.rulebook import Rulebook
from qingfeng.web.view_errors import form_errors_text, validation_text

CONFLICT = gettext_lazy("保存失败：核查结论已被他人修改，请核对最新内容后重新提交。")
PAGE_SIZE = 50


@login_required
@require_POST
def review_clue(request, clue_id: int):
    user = require_clue_reader(request.user)
    clue = access_clue_by_id(user, clue_id)  # 404 out of scope, before reading the form
    form = HitReviewForm(clue, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("clues:detail", clue_id=clue_id)
    data = form.cleaned_data
    try:
        review = hit_review.do_review(
            clue_id, acting_user=user, verdict=data["verdict"], reason=data["reason"], note=data["note"],
            expected_version=data["version"], exception_kind=data["exception_kind"],
            exception_until=data["exception_until"])
    except Conflict:
        messages.error(request, CONFLICT)
    except ValidationError as exc:
        messages.error(request, validation_text(exc))
    else:
        messages.success(request, _("已记录核查结论：%(verdict)s。") % {"verdict": review.get_verdict_display()})
    return redirect("clues:detail", clue_id=clue_id)


@login_required
def exceptions(request):
    user = request.user
    rows = hit_review.visible_exceptions(user)
    rule = request.GET.get("rule", "").strip().upper()
    if rule:
        rows = rows.filter(rule=rule)
    state = request.GET.get("state", "active")
    if state == "active":
        rows = rows.filter(revoked_at__isnull=True)
    book = Rulebook.load()
    return render(request, "crosscheck/exceptions.html", {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), "rule": rule, "state": state,
        "rules": [(r.id, r.title) for r in book.rules.values()],
    })


@login_required
@require_POST
def revoke_exception(request, exception_id: int):
    user = hit_review.require_exception_owner(request.user)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("crosscheck:exceptions")
    try:
        hit_review.do_revoke_exception(exception_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                       note=form.cleaned_data["note"])
    except Conflict:
        messages.error(request, _("撤销失败：该例外已被他人修改，请刷新后重试。"))
    except ValidationError as exc:
        messages.error(request, validation_text(exc))
    else:
        messages.success(request, _("例外已撤销，此后的比对将重新命中该对象。"))
    return redirect("crosscheck:exceptions")
