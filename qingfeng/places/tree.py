"""Keeping the materialised paths right when a place moves, and naming new 片区.

Jurisdiction.path is "/county/area/township/village/": scoping (accounts.access) is a
prefix query on it, so a place that changes parent must take its whole subtree along
in the same transaction. Everything else that points at a place (users, clues,
households…) holds a foreign key and follows by itself.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr

from qingfeng.places.models import Jurisdiction

AREA_MARK = "P"  # area codes are the county's code + P + a number (430821P1), as the demo county's are


def rewrite_subtree(place: Jurisdiction, old_path: str) -> int:
    """Everything below `place` (saved with its new path) follows it: one UPDATE
    rewrites the common prefix of the paths. Returns how many rows moved."""
    return Jurisdiction.objects.filter(path__startswith=old_path).exclude(pk=place.pk).update(
        path=Concat(Value(place.path), Substr("path", len(old_path) + 1), output_field=CharField())
    )


def next_area_number(county: Jurisdiction, codes) -> int:
    """The number after the highest of the county's 片区 codes among `codes`."""
    prefix = county.code + AREA_MARK
    numbers = [int(c[len(prefix):]) for c in codes if c.startswith(prefix) and c[len(prefix):].isdigit()]
    return max(numbers, default=0) + 1


def area_code(county: Jurisdiction, number: int) -> str:
    return f"{county.code}{AREA_MARK}{number}"
