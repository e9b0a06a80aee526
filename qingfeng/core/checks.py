"""The checks of values typed into a form that the actions of several apps share: text lengths
and control characters, dates, amounts in 元; each refusal names its field (a ValidationError
keyed by it). The clue's own checks are qingfeng/clues/validation.py."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qingfeng.core.text import forbidden_character

MAX_AMOUNT = Decimal("999999999999.99")  # max_digits=14, decimal_places=2


def text(field: str, value, limit: int, *, required: bool = True, multiline: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("此项必填。")})
    if len(value) > limit:
        raise ValidationError({field: _("最多 %(n)s 个字。") % {"n": limit}})
    if bad := forbidden_character(value, multiline=multiline):
        raise ValidationError({field: _("不能含有控制字符（%(char)s）。") % {"char": bad}})
    return value


def day(field: str, value, *, required: bool = True, not_after: date | None = None) -> date | None:
    """A date (None when not `required` and empty); `not_after` is usually today."""
    if value is None:
        if required:
            raise ValidationError({field: _("此项必填。")})
        return None
    if not isinstance(value, date):
        raise ValidationError({field: _("请填写日期。")})
    if not_after is not None and value > not_after:
        raise ValidationError({field: _("日期不能晚于今天。")})
    return value


def amount(field: str, value) -> Decimal:
    try:
        money = Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        raise ValidationError({field: _("请填写金额（元）。")}) from None
    if not money.is_finite() or money < 0 or money > MAX_AMOUNT:
        raise ValidationError({field: _("金额应在 0 到 999,999,999,999.99 元之间。")})
    if money != money.quantize(Decimal("0.01")):
        raise ValidationError({field: _("金额最多保留两位小数。")})
    return money.quantize(Decimal("0.01"))
