from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "qingfeng.places"
    verbose_name = _("辖区")

    def ready(self):
        from qingfeng.places.views import staff_entries
        from qingfeng.staff import menu

        menu.register(staff_entries)
