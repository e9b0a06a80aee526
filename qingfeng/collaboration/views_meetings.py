"""Meeting pages: an area's monthly meetings and the joint meetings share one form and one page;
their follow-ups. Views parse, authorise, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.clues.access import visible_clues
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import forms
from qingfeng.collaboration.actions import (
    do_add_follow_up,
    do_record_meeting,
    do_set_follow_up_done,
    do_update_meeting,
)
from qingfeng.collaboration.models import Meeting
from qingfeng.web.view_errors import (
    errors_as_messages,
    errors_on_form,
    valid_or_message,
)

MEETING_CONFLICT = gettext_lazy("这条会议记录刚被其他人修改过，请看最新内容后再修改。")
FOLLOW_UP_CONFLICT = gettext_lazy("该跟进事项刚被其他人更新过，请刷新后再试。")


def _meeting_form_page(request, form, *, heading, back, hidden_clues=0, status=200):
    return render(request, "collaboration/meeting_form.html",
                  {"form": form, "heading": heading, "back": back, "hidden_clues": hidden_clues}, status=status)


@login_required
def meeting_new(request, code: str):
    user = request.user
    place = collab_access.access_area_by_code(user, code)
    collab_access.require_area_runner(user, place)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, MEETING_CONFLICT):
            meeting = do_record_meeting(acting_user=user, kind=Meeting.Kind.AREA, area=place, **form.payload())
            messages.success(request, _("已记录片区例会。"))
            return redirect("collaboration:meeting", meeting_id=meeting.id)
    heading = _("%(area)s 月例会记录") % {"area": place.name}
    return _meeting_form_page(request, form, heading=heading, back=("collaboration:area", place.code),
                              status=400 if request.method == "POST" else 200)


@login_required
def joint(request):
    user = collab_access.require_joint_reader(request.user)
    meetings = collab_access.visible_meetings(user).filter(kind=Meeting.Kind.JOINT).prefetch_related("follow_ups")
    return render(request, "collaboration/joint.html", {
        "meetings": meetings, "may_record": user.role in collab_access.JOINT_RECORDERS})


@login_required
def joint_new(request):
    user = collab_access.require_joint_recorder(request.user)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, MEETING_CONFLICT):
            meeting = do_record_meeting(acting_user=user, kind=Meeting.Kind.JOINT, **form.payload())
            messages.success(request, _("已记录联席会议。"))
            return redirect("collaboration:meeting", meeting_id=meeting.id)
    return _meeting_form_page(request, form, heading=_("联席会议记录"), back=("collaboration:joint", None),
                              status=400 if request.method == "POST" else 200)


@login_required
def meeting_detail(request, meeting_id: int):
    user = request.user
    meeting = collab_access.access_meeting_by_id(user, meeting_id)
    editable = collab_access.can_edit_meeting(user, meeting)
    discussed = list(meeting.clues.order_by("clue_no").values_list("id", flat=True))
    shown = list(visible_clues(user).filter(id__in=discussed).order_by("clue_no"))
    follow_ups = [(f, forms.FollowUpDoneForm(initial={"version": f.version, "done": "0" if f.done else "1",
                                                      "note": f.note}, prefix=f"f{f.id}"),
                   collab_access.can_complete(user, f))
                  for f in meeting.follow_ups.select_related("owner")]
    return render(request, "collaboration/meeting.html", {
        "meeting": meeting, "editable": editable, "clues": shown, "hidden_clues": len(discussed) - len(shown),
        "follow_ups": follow_ups, "follow_up_form": forms.FollowUpForm(meeting) if editable else None,
        "problems": meeting.problems.select_related("owner") if meeting.kind == Meeting.Kind.AREA else [],
    })


@login_required
def meeting_edit(request, meeting_id: int):
    user = request.user
    meeting = collab_access.access_meeting_by_id(user, meeting_id)
    if not collab_access.can_edit_meeting(user, meeting):
        raise PermissionDenied
    initial, hidden_clues = forms.MeetingForm.initial_of(meeting, user)
    form = forms.MeetingForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, MEETING_CONFLICT):
            do_update_meeting(meeting_id, acting_user=user, expected_version=form.cleaned_data["version"],
                              **form.payload())
            messages.success(request, _("已保存会议记录。"))
            return redirect("collaboration:meeting", meeting_id=meeting_id)
    heading = _("修改会议记录：%(title)s") % {"title": meeting.title}
    return _meeting_form_page(request, form, heading=heading, back=("collaboration:meeting", meeting.id),
                              hidden_clues=hidden_clues, status=400 if request.method == "POST" else 200)


@login_required
def follow_up_add(request, meeting_id: int):
    user = request.user
    meeting = collab_access.access_meeting_by_id(user, meeting_id)
    if not collab_access.can_edit_meeting(user, meeting):
        raise PermissionDenied
    form = forms.FollowUpForm(meeting, request.POST or None)
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, FOLLOW_UP_CONFLICT):
            do_add_follow_up(meeting_id, acting_user=user, **form.cleaned_data)
            messages.success(request, _("已添加跟进事项。"))
    return redirect("collaboration:meeting", meeting_id=meeting_id)


@login_required
def follow_up_done(request, follow_up_id: int):
    user = request.user
    follow_up = collab_access.access_follow_up_by_id(user, follow_up_id)
    if not collab_access.can_complete(user, follow_up):
        raise PermissionDenied
    form = forms.FollowUpDoneForm(request.POST or None, prefix=f"f{follow_up_id}")
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, FOLLOW_UP_CONFLICT):
            done = form.cleaned_data["done"]
            do_set_follow_up_done(follow_up_id, acting_user=user, expected_version=form.cleaned_data["version"],
                                  done=done, note=form.cleaned_data["note"])
            messages.success(request, _("已标记完成。") if done else _("已重新打开该事项。"))
    return redirect("collaboration:meeting", meeting_id=follow_up.meeting_id)
