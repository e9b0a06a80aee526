from django.apps import AppConfig


class CrosscheckConfig(AppConfig):
    name = "qingfeng.crosscheck"
    label = "crosscheck"
    verbose_name = "大数据比对"

    def ready(self):
        from qingfeng.crosscheck import jobs  # noqa: F401  registers the "crosscheck" and "village_finance" job kinds
        from qingfeng.crosscheck.views import staff_entries
        from qingfeng.staff import menu

        menu.register(staff_entries)
