"""The default N list (portal.md §4), required in every month."""

from datetime import date

from django.db import migrations

DEFAULTS = (("finance", "财务收支"), ("benefits", "惠民资金发放"), ("projects", "项目建设"),
            ("monthly_meeting", "村务监督委员会月例会"))


def add_defaults(apps, schema_editor):
    RequiredItem = apps.get_model("villages", "RequiredItem")
    for position, (key, title) in enumerate(DEFAULTS, start=1):
        RequiredItem.objects.get_or_create(key=key, defaults={"title": title, "position": position,
                                                              "since": date(2000, 1, 1)})


class Migration(migrations.Migration):
    dependencies = [("villages", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
