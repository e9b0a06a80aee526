from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "qingfeng.villages"
    label = "villages"
    verbose_name = _("村务监督")

    def ready(self):
        from qingfeng.staff import menu
        from qingfeng.villages.views import staff_entries

        menu.register(staff_entries)
