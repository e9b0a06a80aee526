from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "qingfeng.backup"
    label = "backup"
