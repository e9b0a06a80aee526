from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "qingfeng.demo"
    verbose_name = "demo county"
