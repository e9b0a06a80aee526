"""片区设置: the administrator creates and renames 片区 and moves townships between them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.places.actions import do_create_area, do_move_township, do_rename_area
from qingfeng.places.models import Jurisdiction
from qingfeng.web.view_errors import errors_as_messages

L = Jurisdiction.Level
CONFLICT = gettext_lazy("其他人刚修改过这里，请看最新的情况后再试。")


def _version(request) -> int:
    """The version the page showed; a form without one is a stale form (0 is never a version),
    never a way around the check."""
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else 0


@login_required
def areas(request):
    user = access.require_role(request.user, Role.ADMIN)
    places = access.visible_jurisdictions(user)
    townships = list(places.filter(level=L.TOWNSHIP).annotate(n_villages=Count("children")).order_by("code"))
    area_list = list(places.filter(level=L.AREA).order_by("code"))
    for area in area_list:
        area.townships = [t for t in townships if t.parent_id == area.pk]
    return render(request, "places/areas.html", {
        "areas": area_list, "townships": townships, "county_id": user.jurisdiction_id,
        "unassigned": [t for t in townships if t.parent_id == user.jurisdiction_id],
    })


@login_required
@require_POST
def create_area(request):
    user = access.require_role(request.user, Role.ADMIN)
    with errors_as_messages(request, CONFLICT):
        area = do_create_area(request.POST.get("name", ""), acting_user=user)
        messages.success(request, _("已新建片区“%(name)s”。") % {"name": area.name})
    return redirect("places:areas")


@login_required
@require_POST
def rename_area(request, code: str):
    user = access.require_role(request.user, Role.ADMIN)
    with errors_as_messages(request, CONFLICT):
        area = do_rename_area(code, request.POST.get("name", ""), acting_user=user, expected_version=_version(request))
        messages.success(request, _("片区已改名为“%(name)s”。") % {"name": area.name})
    return redirect("places:areas")


@login_required
@require_POST
def move_township(request, code: str):
    user = access.require_role(request.user, Role.ADMIN)
    with errors_as_messages(request, CONFLICT):
        township = do_move_township(code, request.POST.get("area", ""), acting_user=user,
                                    expected_version=_version(request))
        messages.success(request, _("%(township)s 现属于“%(area)s”。") % {
            "township": township.name, "area": township.parent.name})
    return redirect("places:areas")
