"""The monthly bulletin of typical cases (一月一通报, ledger.md §7) and its public 曝光台."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "qingfeng.bulletins"
    label = "bulletins"
    verbose_name = _("典型案例通报")

    def ready(self):
        from qingfeng.bulletins.reminders import reminders
        from qingfeng.bulletins.views import staff_entries
        from qingfeng.inbox import sources
        from qingfeng.staff import menu

        menu.register(staff_entries)
        sources.register(reminders)
