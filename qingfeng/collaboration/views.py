"""片区协作 pages: leadership's overview of the areas, an area's page and its standing team.
Views parse, authorise, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qingfeng.accounts import access
from qingfeng.collaboration import access as collab_access
from qingfeng.collaboration import forms, overview
from qingfeng.collaboration.actions import (
    do_add_team_member,
    do_change_team_member,
    do_remove_team_member,
)
from qingfeng.collaboration.models import FollowUp, Meeting, Problem, TeamMember
from qingfeng.core.months import month_of, quarter_of
from qingfeng.web.view_errors import errors_as_messages, valid_or_message

TEAM_CONFLICT = gettext_lazy("专班成员刚被其他人修改过，请刷新后再试。")


@login_required
def index(request):
    user = access.require_staff(request.user)
    if user.role in collab_access.OVERVIEW_READERS:
        return redirect("collaboration:overview")
    area = collab_access.own_area(user)
    if area is None:
        collab_access.require_area_reader(user)  # 403 for the roles that have no area work
        return redirect("collaboration:overview")
    return redirect("collaboration:area", code=area.code)


@login_required
def overview_page(request):
    user = collab_access.require_overview_reader(request.user)
    today = timezone.localdate()
    months, rows = overview.area_rows(collab_access.visible_areas(user), today)
    return render(request, "collaboration/overview.html", {"months": months, "rows": rows, "today": today})


@login_required
def area(request, code: str):
    user = request.user
    place = collab_access.access_area_by_code(user, code)
    today = timezone.localdate()
    runs = collab_access.can_run_area(user, place)
    team = TeamMember.objects.filter(area=place).select_related("user", "user__jurisdiction")
    meetings = (Meeting.objects.filter(kind=Meeting.Kind.AREA, area=place)
                .prefetch_related("follow_ups"))
    this_month = month_of(today)
    return render(request, "collaboration/area.html", {
        "area": place, "runs": runs, "today": today,
        "team": [(m, forms.TeamChangeForm(initial={"version": m.version, "team_role": m.team_role,
                                                     "duty": m.duty}, prefix=f"m{m.id}")) for m in team],
        "team_form": forms.TeamMemberForm(place) if runs else None,
        "meetings": meetings,
        "held_this_month": any(m.held_on >= this_month for m in meetings),
        "open_follow_ups": FollowUp.objects.filter(meeting__area=place, done=False).select_related("owner", "meeting"),
        "problems": Problem.objects.filter(area=place).select_related("owner"),
        "reviews": collab_access.visible_reviews(user).filter(area=place),
        "review_form": forms.ReviewStartForm(initial={"year": today.year, "quarter": quarter_of(today)[1]})
        if runs else None,
    })


@login_required
def team_add(request, code: str):
    user = request.user
    place = collab_access.access_area_by_code(user, code)
    collab_access.require_area_runner(user, place)
    form = forms.TeamMemberForm(place, request.POST or None)
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, TEAM_CONFLICT):
            member = do_add_team_member(place, acting_user=user, **form.cleaned_data)
            messages.success(request, _("已将 %(name)s 加入工作专班。") % {"name": member.user})
    return redirect("collaboration:area", code=code)


@login_required
def team_change(request, code: str, member_id: int):
    user = request.user
    place = collab_access.access_area_by_code(user, code)
    collab_access.require_area_runner(user, place)
    form = forms.TeamChangeForm(request.POST or None, prefix=f"m{member_id}")
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, TEAM_CONFLICT):
            version = form.cleaned_data["version"]
            if "remove" in request.POST:
                do_remove_team_member(member_id, acting_user=user, expected_version=version)
                messages.success(request, _("已将该成员移出工作专班。"))
            else:
                do_change_team_member(member_id, acting_user=user, expected_version=version,
                                      team_role=form.cleaned_data["team_role"], duty=form.cleaned_data["duty"])
                messages.success(request, _("已保存专班成员的职务和分工。"))
    return redirect("collaboration:area", code=code)
