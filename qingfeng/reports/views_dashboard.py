"""The staff home's panels from the reports app — the leadership dashboard and the key-date
warnings — and the dashboard's charts (PNG, each its own request, scoped like the page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.documents import charts
from qingfeng.reports import dashboard, due
from qingfeng.reports.images import scoped_png
from qingfeng.staff.panels import Panel

CHARTS = ("townships", "trend")


def dashboard_panels(request) -> list[Panel]:
    """Leadership and area leaders: the dashboard of their scope; nothing for other roles."""
    if request.user.role not in dashboard.DASHBOARD_ROLES:
        return []
    context = dashboard.figures(request.user, timezone.localdate())
    context["charts"] = CHARTS
    return [Panel("reports/dashboard_panel.html", context)]


def due_panels(request) -> list[Panel]:
    shown = due.warnings_for(request.user, timezone.localdate())
    return [Panel("reports/due_panel.html", {"warnings": shown})] if shown else []


@login_required
def dashboard_chart(request, name: str):
    user = dashboard.require_dashboard(request.user)
    if name not in CHARTS:
        raise Http404
    today = timezone.localdate()
    if name == "trend":
        months = dashboard.intake_trend(user, today)
        png = charts.line(_("近12个月受理线索"), [m.strftime("%Y-%m") for m, _n in months],
                          {_("受理线索"): [n for _m, n in months]})
    else:
        data = dashboard.figures(user, today)
        rows = data["townships"]
        png = charts.bars(_("各乡镇本季度受理、当前积压与超期"), [r["name"] for r in rows], {
            _("本季度受理"): [r["quarter"]["intake"].value for r in rows],
            _("当前积压"): [r["open"]["backlog"].value for r in rows],
            _("其中超期"): [r["open"]["overdue"].value for r in rows],
        }, size=(7, 3.6))
    return scoped_png(png)
