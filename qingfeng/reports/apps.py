from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    verbose_name = _("统计报表")

    def ready(self):
        from qingfeng.reports.views import staff_entries
        from qingfeng.reports.views_dashboard import dashboard_panels, due_panels
        from qingfeng.staff import menu, panels

        menu.register(staff_entries)
        panels.register(due_panels)  # the warnings first, above the dashboard
        panels.register(dashboard_panels)
