"""Personal data on anything public (portal.md §1, PIPL): masking, and ID numbers kept out.

A name keeps its first and, from three characters on, its last character; every
other character becomes ``*``. The middle dot of a minority name stays, and does not
count as a character. An account shows ``****`` and its last 4 characters (an account
of 4 characters or fewer shows none of them). Pure: the lookup's read model is masked
when it is built, by the engine.
"""

import re
from datetime import date

from qingfeng.engine.normalize import MIDDLE_DOT, normalize_id, normalize_name

# 18 characters standing alone: 17 digits and a digit or X (full-width digits are folded first).
_ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def mask_name(name: str | None) -> str:
    name = normalize_name(name) or ""
    letters = [i for i, ch in enumerate(name) if ch != MIDDLE_DOT]
    keep = {letters[0], letters[-1]} if len(letters) >= 3 else set(letters[:1])
    return "".join(ch if ch == MIDDLE_DOT or i in keep else "*" for i, ch in enumerate(name))


def account_tail(account: str | None) -> str | None:
    """What the read model keeps of an account: its last 4 characters, "" when it is that short."""
    account = "".join((account or "").split())
    if not account:
        return None
    return account[-4:] if len(account) > 4 else ""


def mask_account(account: str | None) -> str:
    tail = account_tail(account)
    return "" if tail is None else "****" + tail


def id_number_in(text: str | None, today: date) -> str | None:
    """The first valid resident ID number written in `text` (to refuse it on a public page), or None.

    Only valid numbers (real birth date, right check character) count, so an account or
    a receipt number is not mistaken for one.
    """
    for found in _ID_CANDIDATE.finditer((text or "").translate(_FULL_WIDTH)):
        if normalize_id(found.group(), today).value:
            return found.group()
    return None
