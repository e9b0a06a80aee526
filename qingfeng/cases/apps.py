from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "qingfeng.cases"
    label = "cases"
    verbose_name = _("案件与处理")

    def ready(self):
        from qingfeng.cases.campaigns.entries import register_menu_entries
        from qingfeng.cases.history import ACTION_LABELS
        from qingfeng.cases.views import staff_entries
        from qingfeng.clues import supervision
        from qingfeng.staff import menu

        menu.register(staff_entries)
        register_menu_entries()
        supervision.register_labels(ACTION_LABELS)  # outcome entries in the clue's history
