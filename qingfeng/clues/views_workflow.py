"""POST endpoints of the clue detail page: transitions, reassignment, notices, files, the reporter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from qingfeng.clues import actions, forms, workflow
from qingfeng.clues.access import access_clue_by_id, can_see_reporter, require_clue_reader
from qingfeng.core.versioning import Conflict
from qingfeng.web.view_errors import form_errors_text, validation_text

# Lazy: a module-level text is translated when shown, in the reader's language.
CONFLICT = gettext_lazy("保存失败：该线索已被他人修改，请核对最新内容后重新提交。")


def _report(request, exc: Exception) -> None:
    if isinstance(exc, Conflict):
        messages.error(request, CONFLICT)
    elif isinstance(exc, workflow.TransitionError):
        messages.error(request, "；".join(str(v) for v in exc.errors.values()))
    elif isinstance(exc, ValidationError):
        messages.error(request, validation_text(exc))


@login_required
@require_POST
def transition(request, clue_id: int, name: str):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)  # 404 before anything else
    if name not in workflow.TRANSITIONS:
        raise Http404
    form = forms.transition_form(name, user, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("clues:detail", clue_id=clue_id)
    try:
        clue = actions.do_transition(clue_id, name, acting_user=user, expected_version=form.cleaned_data["version"],
                                     payload=form.payload())
        messages.success(request, _("已完成：%(action)s，当前环节 %(stage)s。") % {
            "action": workflow.TRANSITIONS[name].label, "stage": clue.get_stage_display()})
    except (Conflict, workflow.TransitionError) as exc:
        _report(request, exc)
    return redirect("clues:detail", clue_id=clue_id)


@login_required
@require_POST
def reassign(request, clue_id: int):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)
    form = forms.ReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("clues:detail", clue_id=clue_id)
    data = form.cleaned_data
    try:
        actions.do_reassign(clue_id, acting_user=user, mode=data["mode"], target=data["target"],
                            expected_version=data["version"], reason=data["reason"])
        messages.success(request, _("已%(mode)s，改由 %(target)s 承办。") % {"mode": data["mode"], "target": data["target"]})
    except (Conflict, ValidationError) as exc:
        _report(request, exc)
    # The clue may now be out of the user's sight (e.g. raised to the county).
    try:
        access_clue_by_id(user, clue_id)
    except Http404:
        return redirect("clues:list")
    return redirect("clues:detail", clue_id=clue_id)


@login_required
@require_POST
def notice(request, clue_id: int):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)
    form = forms.NoticeForm(request.POST)
    if form.is_valid():
        try:
            n = actions.do_issue_notice(clue_id, acting_user=user, **form.cleaned_data)
            messages.success(request, _("已发出督办通知（%(level)s）。") % {"level": n.get_level_display()})
        except ValidationError as exc:
            _report(request, exc)
    else:
        messages.error(request, form_errors_text(form))
    return redirect("clues:detail", clue_id=clue_id)


@login_required
@require_POST
def repeat(request, clue_id: int):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)
    form = forms.RepeatForm(request.POST)
    if form.is_valid():
        try:
            actions.do_mark_repeat(clue_id, acting_user=user, original_id=form.cleaned_data["original"],
                                   expected_version=form.cleaned_data["version"])
            messages.success(request, _("已确认为重复件。"))
        except (Conflict, ValidationError) as exc:
            _report(request, exc)
    return redirect("clues:detail", clue_id=clue_id)


@login_required
@require_POST
def acknowledge(request, clue_id: int):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_acknowledge(clue_id, acting_user=user, expected_version=form.cleaned_data["version"])
            messages.success(request, _("已记录受理告知。"))
        except (Conflict, ValidationError) as exc:
            _report(request, exc)
    return redirect("clues:detail", clue_id=clue_id)


@login_required
@require_POST
def attach(request, clue_id: int):
    user = require_clue_reader(request.user)
    access_clue_by_id(user, clue_id)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.do_add_attachment(clue_id, acting_user=user, upload=form.cleaned_data["file"])
            messages.success(request, _("已上传附件。"))
        except ValidationError as exc:
            _report(request, exc)
    else:
        messages.error(request, form_errors_text(form))
    return redirect("clues:detail", clue_id=clue_id)


@login_required
def attachment(request, clue_id: int, attachment_id: int):
    user = require_clue_reader(request.user)
    clue = access_clue_by_id(user, clue_id)
    try:
        item = clue.attachments.get(id=attachment_id)
    except clue.attachments.model.DoesNotExist:
        raise Http404 from None
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_http_methods(["GET", "POST"])
def reporter(request, clue_id: int):
    """Shows the reporter's identity to those in custody; each view is an audit entry.

    Only a POST (with its CSRF token) reveals and records: a GET — a link or an image
    on another site — would otherwise write "viewed the reporter" entries in an
    officer's name. A GET shows the button that posts."""
    user = require_clue_reader(request.user)
    clue = access_clue_by_id(user, clue_id)
    if request.method == "GET":
        if not can_see_reporter(user, clue):
            raise PermissionDenied
        return render(request, "clues/reporter.html", {"clue": clue, "revealed": False})
    found = actions.reveal_reporter(clue_id, acting_user=user)
    return render(request, "clues/reporter.html", {"clue": clue, "reporter": found, "revealed": True})


@login_required
@require_POST
def bulk_triage(request):
    user = require_clue_reader(request.user)
    form = forms.BulkTriageForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("clue") if i.isdigit()]
    if not form.is_valid() or not ids:
        messages.error(request, _("请勾选线索并填写处置意见。"))
        return redirect("clues:list")
    outcome = actions.do_bulk_triage(ids, acting_user=user, disposal=form.cleaned_data["disposal"],
                                     reason=form.cleaned_data["reason"], close_out=form.cleaned_data["close_out"])
    done = sum(1 for _id, ok, _m in outcome if ok)
    messages.success(request, _("批量处置：成功 %(done)s 件，未处理 %(failed)s 件。") % {
        "done": done, "failed": len(outcome) - done})
    for clue_id, ok, message in outcome:
        if not ok:
            messages.error(request, f"#{clue_id}: {message}")
    return redirect("clues:list")

