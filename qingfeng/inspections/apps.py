from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qingfeng.inspections"
    label = "inspections"
    verbose_name = _("巡察整改")

    def ready(self):
        from qingfeng.inbox import sources
        from qingfeng.inspections.reminders import reminders
        from qingfeng.inspections.views import staff_entries
        from qingfeng.staff import menu

        menu.register(staff_entries)
        sources.register(reminders)
