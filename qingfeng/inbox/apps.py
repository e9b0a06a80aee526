from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "qingfeng.inbox"
    label = "inbox"
    verbose_name = _("待办提醒")

    def ready(self):
        from qingfeng.inbox import sources
        from qingfeng.inbox.calendar.reminders import reminders as calendar_reminders
        from qingfeng.inbox.views import home_panels, staff_entries
        from qingfeng.staff import menu, panels

        menu.register(staff_entries)
        panels.register(home_panels)
        sources.register(calendar_reminders)
