"""辖区设置: the administrator sees the county's places and uploads the places table."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.core import isolation
from qingfeng.places.actions import do_import_places
from qingfeng.places.models import Jurisdiction
from qingfeng.places.reading import PlacesFileError
from qingfeng.staff.menu import Entry

MAX_UPLOAD_MB = 5  # a county's table is well under 1 MB; a province's would not belong here
L = Jurisdiction.Level


def staff_entries(user) -> list[Entry]:
    from django.urls import reverse

    if user.role != Role.ADMIN:
        return []
    return [Entry(reverse("places:import"), _("辖区设置"), _("按行政区划代码导入县、乡镇、村和片区"))]


@login_required
def places_import(request):
    user = access.require_role(request.user, Role.ADMIN)
    context = {"errors": [], "max_mb": MAX_UPLOAD_MB}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"].append(_("请选择辖区文件。"))
        elif upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            context["errors"].append(_("文件过大（最大 %(mb)s MB）。") % {"mb": MAX_UPLOAD_MB})
        else:
            try:
                # Read in a child process: no file can take the web server down with it.
                context["report"] = do_import_places(upload, acting_user=user, name=upload.name,
                                                      limits=isolation.upload_limits())
            except PlacesFileError as e:
                context["errors"].append(str(e))
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
