from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    verbose_name = _("统计报表")

    def ready(self):
        from qingfeng.reports.views import staff_entries
        from qingfeng.staff import menu

        menu.register(staff_entries)
