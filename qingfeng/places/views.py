"""辖区设置: the administrator sees the county's places and uploads the places table."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.places.actions import do_import_places
from qingfeng.places.models import Jurisdiction
from qingfeng.places.reading import PlacesFileError
from qingfeng.staff.menu import Entry
from qingfeng.web.uploads import import_upload

MAX_UPLOAD_MB = 5  # a county's table is well under 1 MB; a province's would not belong here
L = Jurisdiction.Level


def staff_entries(user) -> list[Entry]:
    from django.urls import reverse

    if user.role != Role.ADMIN:
        return []
    return [Entry(reverse("places:import"), _("辖区设置"), _("按行政区划代码导入县、乡镇、村和片区")),
            Entry(reverse("places:areas"), _("片区设置"), _("新建、改名片区，把乡镇编入片区"))]


@login_required
def places_import(request):
    user = access.require_role(request.user, Role.ADMIN)
    context = {"errors": [], "max_mb": MAX_UPLOAD_MB}
    status = 200
    if request.method == "POST":
        context["report"], context["errors"] = import_upload(
            request, do_import_places, acting_user=user, file_error=PlacesFileError, max_mb=MAX_UPLOAD_MB,
            missing=_("请选择辖区文件。"))
        status = 400 if context["errors"] else 200
    context.update(_overview(user))
    return render(request, "places/import.html", context, status=status)


def _overview(user) -> dict:
    places = access.visible_jurisdictions(user)
    counts = dict(places.values_list("level").annotate(n=Count("id")).order_by())
    townships = places.filter(level=L.TOWNSHIP).select_related("parent").annotate(n_villages=Count("children"))
    return {
        "county": user.jurisdiction,  # an administrator's jurisdiction is the county
        "counts": {level: counts.get(level, 0) for level in L.values},
        "townships": townships.order_by("parent__code", "code"),
    }
