from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoxesConfig(AppConfig):
    name = "qingfeng.boxes"
    label = "boxes"
    verbose_name = _("举报箱和赶集日举报点")

    def ready(self):
        from qingfeng.boxes.reminders import reminders
        from qingfeng.boxes.views import staff_entries
        from qingfeng.inbox import sources
        from qingfeng.staff import menu

        menu.register(staff_entries)
        sources.register(reminders)
