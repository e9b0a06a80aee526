"""The default N list (portal.md §4), required in every month."""

from django.db import migrations

from qingfeng.villages.defaults import ensure_default_items


def add_defaults(apps, schema_editor):
    ensure_default_items(apps.get_model("villages", "RequiredItem"))


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
