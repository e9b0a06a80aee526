"""The checks of report-box values shared by the actions and the register import."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qingfeng.core.text import forbidden_character


def text(field: str, value, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("此项必填。")})
    if len(value) > limit:
        raise ValidationError({field: _("最多 %(n)s 个字。") % {"n": limit}})
    if forbidden_character(value, multiline=multiline):
        raise ValidationError({field: _("不能含有控制字符。")})
    return value
