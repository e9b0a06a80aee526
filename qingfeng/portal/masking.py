"""Masking of personal data on every public answer (portal.md §1, PIPL).

A name keeps its first and, from three characters on, its last character; every
other character becomes ``*``. The middle dot of a minority name stays, and does not
count as a character. An account keeps ``****`` and its last 4 characters.
"""

from qingfeng.engine.normalize import MIDDLE_DOT, normalize_name


def mask_name(name: str | None) -> str:
    name = normalize_name(name) or ""
    letters = [i for i, ch in enumerate(name) if ch != MIDDLE_DOT]
    keep = {letters[0], letters[-1]} if len(letters) >= 3 else set(letters[:1])
    return "".join(ch if ch == MIDDLE_DOT or i in keep else "*" for i, ch in enumerate(name))


def mask_account(account: str | None) -> str:
    account = "".join((account or "").split())
    return "****" + account[-4:] if account else ""
