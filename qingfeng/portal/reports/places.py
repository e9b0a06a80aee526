"""The township and village a public report names, by name or by code (portal.md §2)."""

from django.utils.translation import gettext as _

from qingfeng.places.models import Jurisdiction

L = Jurisdiction.Level
NAME_MAX_LENGTH = 60  # Jurisdiction.name; a code is shorter


class UnknownPlace(Exception):
    def __init__(self, field: str, reason: str):
        super().__init__(field, reason)
        self.field, self.reason = field, reason


def _one(queryset, field: str, value: str) -> Jurisdiction:
    found = list(queryset.filter(code=value)[:1]) or list(queryset.filter(name=value)[:2])
    if not found:
        raise UnknownPlace(field, _("没有找到“%(value)s”。") % {"value": value[:NAME_MAX_LENGTH]})
    if len(found) > 1:
        raise UnknownPlace(field, _("有不止一个“%(value)s”，请同时选择乡镇。") % {"value": value})
    return found[0]


def resolve(township: str, village: str) -> tuple[Jurisdiction | None, Jurisdiction | None]:
    """(township, village) of the report; a village alone names its township. Raises UnknownPlace."""
    township, village = township.strip(), village.strip()
    for field, value in (("township", township), ("village", village)):
        if len(value) > NAME_MAX_LENGTH:
            raise UnknownPlace(field, _("最多 %(limit)s 字。") % {"limit": NAME_MAX_LENGTH})
    town = _one(Jurisdiction.objects.filter(level=L.TOWNSHIP), "township", township) if township else None
    if not village:
        return town, None
    villages = Jurisdiction.objects.filter(level=L.VILLAGE).select_related("parent")
    if town is not None:
        villages = villages.filter(parent=town)
    place = _one(villages, "village", village)
    return town or place.parent, place
