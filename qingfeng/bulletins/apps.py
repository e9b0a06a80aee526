from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "qingfeng.bulletins"
    label = "bulletins"
    verbose_name = _("典型案例通报")
