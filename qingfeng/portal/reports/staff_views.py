"""Staff answer an online reporter from the clue page: a message, the feedback text. Parse, call, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from qingfeng.clues.access import require_clue_reader
from qingfeng.portal.reports.actions import do_set_feedback, do_staff_message
from qingfeng.web.view_errors import errors_as_messages

CONFLICT = _("反馈内容刚被他人修改，请查看后重新保存。")


@login_required
@require_POST
def message(request, clue_id: int):
    user = require_clue_reader(request.user)
    with errors_as_messages(request, CONFLICT):
        do_staff_message(clue_id, acting_user=user, text=request.POST.get("text", ""))
        messages.success(request, _("已给举报人留言。"))
    return redirect("clues:detail", clue_id=clue_id)


@login_required
@require_POST
def feedback(request, clue_id: int):
    user = require_clue_reader(request.user)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0  # a stale or forged form: refused as a conflict
    with errors_as_messages(request, CONFLICT):
        do_set_feedback(clue_id, acting_user=user, text=request.POST.get("feedback", ""), expected_version=version)
        messages.success(request, _("已保存反馈内容。"))
    return redirect("clues:detail", clue_id=clue_id)
