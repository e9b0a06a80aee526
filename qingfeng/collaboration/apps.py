from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "qingfeng.collaboration"
    label = "collaboration"
    verbose_name = _("片区协作与联动联办")

    def ready(self):
        from qingfeng.collaboration.menu import staff_entries
        from qingfeng.collaboration.reminders import reminders
        from qingfeng.inbox import sources
        from qingfeng.staff import menu

        menu.register(staff_entries)
        sources.register(reminders)
