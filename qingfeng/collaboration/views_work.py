"""An area's N problems and its quarterly reviews. Views parse, authorise, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import forms, scores
from qingfeng.collaboration.actions import (
    do_add_problem,
    do_issue_review,
    do_save_review,
    do_start_review,
    do_update_problem,
)
from qingfeng.web.view_errors import (
    errors_as_messages,
    errors_on_form,
    valid_or_message,
)

PROBLEM_CONFLICT = gettext_lazy("该问题刚被其他人更新过，请看最新情况后再保存。")
REVIEW_CONFLICT = gettext_lazy("这份讲评刚被其他人修改过，请看最新内容后再保存。")


@login_required
def problem_new(request, code: str):
    user = request.user
    place = collab_access.access_area_by_code(user, code)
    collab_access.require_area_runner(user, place)
    form = forms.ProblemForm(place, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, PROBLEM_CONFLICT):
            problem = do_add_problem(place, acting_user=user, **form.cleaned_data)
            messages.success(request, _("已列入问题清单。"))
            return redirect("collaboration:problem", problem_id=problem.id)
    return render(request, "collaboration/problem_new.html", {"area": place, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def problem(request, problem_id: int):
    user = request.user
    item = collab_access.access_problem_by_id(user, problem_id)
    may_update = collab_access.can_update_problem(user, item)
    may_reassign = collab_access.can_run_area(user, item.area)
    initial = {"version": item.version, "status": item.status, "resolution": item.resolution,
               "owner": item.owner_id, "due_on": item.due_on}
    form = forms.ProblemUpdateForm(item, may_reassign, request.POST or None, initial=initial) if may_update else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if valid_or_message(request, form):
            with errors_as_messages(request, PROBLEM_CONFLICT):
                data = form.cleaned_data
                do_update_problem(problem_id, acting_user=user, expected_version=data["version"],
                                  status=data["status"], resolution=data["resolution"], owner=data.get("owner"),
                                  due_on=data.get("due_on"))
                messages.success(request, _("已保存问题的办理情况。"))
        return redirect("collaboration:problem", problem_id=problem_id)
    return render(request, "collaboration/problem.html", {"problem": item, "form": form})


@login_required
def review_new(request, code: str):
    user = request.user
    place = collab_access.access_area_by_code(user, code)
    collab_access.require_area_runner(user, place)
    form = forms.ReviewStartForm(request.POST or None)
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, REVIEW_CONFLICT):
            review = do_start_review(place, acting_user=user, **form.cleaned_data)
            messages.success(request, _("已生成讲评草稿，数据取自问题线索台账。"))
            return redirect("collaboration:review", review_id=review.id)
    return redirect("collaboration:area", code=code)


@login_required
def review(request, review_id: int):
    user = request.user
    item = collab_access.access_review_by_id(user, review_id)
    rows = list(item.rows.select_related("township"))
    editable = not item.issued and collab_access.can_run_area(user, item.area)
    initial = {"version": item.version, "overall_comment": item.overall_comment,
               **{f"comment_{r.township.code}": r.comment for r in rows}}
    form = forms.ReviewForm(rows, request.POST or None, initial=initial) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if valid_or_message(request, form):
            with errors_as_messages(request, REVIEW_CONFLICT):
                kwargs = {"acting_user": user, "expected_version": form.cleaned_data["version"],
                          "overall_comment": form.cleaned_data["overall_comment"], "comments": form.comments()}
                if "issue" in request.POST:
                    do_issue_review(review_id, **kwargs)
                    messages.success(request, _("讲评已印发，数据和意见已固定。"))
                else:
                    do_save_review(review_id, **kwargs)
                    messages.success(request, _("已保存讲评草稿，数据已按台账更新。"))
        return redirect("collaboration:review", review_id=review_id)
    return render(request, "collaboration/review.html", {
        "review": item, "rows": form.bound_rows() if form else [(r, None) for r in rows], "form": form,
        "totals": scores.totals(rows),
    })
