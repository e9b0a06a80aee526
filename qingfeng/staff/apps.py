from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "qingfeng.staff"
    verbose_name = _("工作台")

    def ready(self):
        from qingfeng.staff import menu
        from qingfeng.staff.views import staff_entries

        menu.register(staff_entries)
