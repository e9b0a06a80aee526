from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "qingfeng.cases"
    label = "cases"
    verbose_name = _("案件与处理")

    def ready(self):
        from qingfeng.cases.campaigns.entries import register_menu_entries

        register_menu_entries()
