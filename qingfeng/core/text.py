"""Characters no stored text may hold, for every app that takes text from outside.

Control characters are invisible on screen, break spreadsheets written later
(openpyxl refuses them) and hide differences between two names that look alike;
NUL is refused by PostgreSQL outright; a lone surrogate cannot be encoded as UTF-8.
Single-line values (names, numbers, headers) may hold none of them; multi-line text
keeps tab, line feed and carriage return.
"""

import re

_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, as "U+0001", or None when it is clean."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def refuse_control_characters(value: str) -> None:
    """A model field validator for single-line text (names)."""
    if forbidden_character(value or ""):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError(_("不能含有控制字符。"), code="control_characters")
