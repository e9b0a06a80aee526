from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CluesConfig(AppConfig):
    name = "qingfeng.clues"
    verbose_name = _("问题线索")

    def ready(self):
        from qingfeng.clues import reminders
        from qingfeng.clues.views import staff_entries
        from qingfeng.inbox import sources
        from qingfeng.staff import menu

        menu.register(staff_entries)
        for source in reminders.SOURCES:
            sources.register(source)
