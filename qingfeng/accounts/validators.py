"""Text checks for account fields."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, newline, carriage return; and DEL. The same set openpyxl refuses in
# cells, and NUL is refused by PostgreSQL in any text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def refuse_control_characters(value: str) -> None:
    if has_control_characters(value or ""):
        raise ValidationError(_("不能含有控制字符。"), code="control_characters")
