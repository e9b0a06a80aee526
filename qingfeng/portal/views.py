"""The public home page and the large-text switch (portal.md). Staff pages share no code with these."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from qingfeng.places.models import Jurisdiction

L = Jurisdiction.Level
TEXT_COOKIE = "qf_text"  # "large": the public pages in large type (public_base.html reads it)
TEXT_COOKIE_AGE = 365 * 24 * 3600


def home(request):
    county = Jurisdiction.objects.filter(level=L.COUNTY).order_by("pk").first()
    villages = Jurisdiction.objects.filter(level=L.VILLAGE).order_by("code").only("code", "name", "parent_id")
    townships = (Jurisdiction.objects.filter(level=L.TOWNSHIP).order_by("code").only("code", "name")
                 .prefetch_related(Prefetch("children", queryset=villages, to_attr="villages")))
    return render(request, "portal/home.html", {
        "county": county, "townships": townships, "public_entries": _entries(), "report_phone": settings.REPORT_PHONE,
    })


def _entries() -> list[dict]:
    return [
        {"url": reverse("portal:lookup"), "title": _("惠民资金查询"), "text": _("输入姓名和身份证号码，查看发到您家的补贴和救助资金。")},
        {"url": reverse("portal:report"), "title": _("网上举报"), "text": _("发现虚报冒领、优亲厚友、截留挪用等问题，可以实名或匿名举报。")},
        {"url": reverse("portal:follow"), "title": _("举报办理查询"), "text": _("凭举报时给您的查询码，查看办理进度和反馈。")},
        {"url": reverse("portal:exposure"), "title": _("曝光台"), "text": _("县纪委监委每月通报的典型案例。")},
    ]


def text_size(request):
    """Large or standard type for the public pages: a cookie, so no script is needed."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("portal:home")
    response = redirect(target)
    if request.GET.get("size") == "large":
        response.set_cookie(TEXT_COOKIE, "large", max_age=TEXT_COOKIE_AGE, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(TEXT_COOKIE, samesite="Lax")
    return response
