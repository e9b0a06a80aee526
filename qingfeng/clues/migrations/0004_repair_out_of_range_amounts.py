"""Amounts stored past max_digits before the clue values were validated (SQLite kept
`1e20` from the API as it came; PostgreSQL never could) make every read of the clue
fail, and with it every list, backlog and export that touches it. Each such amount
moves, as the text it was, into the clue's notes (`extra`, exported as a column of
its own), and the field gets "unknown" (涉及金额) or 0 (追缴/退还金额)."""

from decimal import Decimal

from django.db import migrations
from django.db.models import CharField, Q
from django.db.models.functions import Cast

LIMIT = Decimal(10) ** 12  # max_digits 14, decimal_places 2
FIELDS = {"amount_involved": ("涉及金额", None), "recovered": ("追缴金额", 0), "returned": ("退还群众金额", 0)}


def repair(apps, schema_editor):
    Clue = apps.get_model("clues", "Clue")
    for name, (label, replacement) in FIELDS.items():
        out_of_range = Q(**{f"{name}__gte": LIMIT}) | Q(**{f"{name}__lte": -LIMIT})
        found = Clue.objects.filter(out_of_range).annotate(raw=Cast(name, CharField()))
        for clue_id, extra, raw in list(found.values_list("id", "extra", "raw")):
            extra = dict(extra or {}, **{f"{label}（超出范围的原值）": str(raw)})
            Clue.objects.filter(id=clue_id).update(**{name: replacement, "extra": extra})


class Migration(migrations.Migration):
    dependencies = [("clues", "0003_field_limits")]
    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
