from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "qingfeng.cases"
    label = "cases"
    verbose_name = _("案件与处理")

    def ready(self):
        from qingfeng.cases.accountability.views import staff_entries as accountability_entries
        from qingfeng.cases.campaigns.views import staff_entries as campaign_entries
        from qingfeng.cases.history import ACTION_LABELS
        from qingfeng.cases.views import staff_entries
        from qingfeng.clues import supervision
        from qingfeng.staff import menu

        for entries in (staff_entries, campaign_entries, accountability_entries):
            menu.register(entries)
        supervision.register_labels(ACTION_LABELS)  # outcome entries in the clue's history
