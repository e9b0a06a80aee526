"""Clue numbers: XS<year received><5 digits> (more digits past 99999), one counter per year.

Intake, ledger rows without a 线索编号 and cross-check clues all draw from the
same per-year counter (qingfeng.core.counters), taken under a row lock inside
the caller's transaction. The counter of a year starts from the highest XS
number of that year already in the database, so numbers issued before the
counter existed stay valid and are never handed out again.
"""

import re
from collections.abc import Iterable
from datetime import date

from django.db.models.functions import Length

from qingfeng.core import counters

PREFIX = "XS"
_NUMBER = re.compile(r"XS(\d{4})(\d{5,})")


def format_clue_no(year: int, value: int) -> str:
    return f"{PREFIX}{year}{value:05d}"


def _key(year: int) -> str:
    return f"clue_no:{year}"


def _highest(year: int) -> int:
    from qingfeng.clues.models import Clue

    prefix = f"{PREFIX}{year}"
    # Longest, then greatest first: the first all-digit number is the highest.
    numbers = (Clue.objects.filter(clue_no__startswith=prefix).annotate(length=Length("clue_no"))
               .order_by("-length", "-clue_no").values_list("clue_no", flat=True))
    return next((int(n[len(prefix):]) for n in numbers.iterator(chunk_size=20) if n[len(prefix):].isdigit()), 0)


def next_clue_no(received_on: date) -> str:
    """The next number of the year received (inside the caller's transaction)."""
    year = received_on.year
    return format_clue_no(year, counters.next_value(_key(year), initial=lambda: _highest(year)))


def reserve_clue_nos(year: int, count: int) -> list[str]:
    """`count` numbers of `year` at once (a ledger import), inside the caller's transaction."""
    values = counters.reserve(_key(year), count, initial=lambda: _highest(year))
    return [format_clue_no(year, v) for v in values]


def note_given_numbers(clue_nos: Iterable[str]) -> None:
    """Numbers in the XS scheme that came from a file: the counter moves past them."""
    highest: dict[int, int] = {}
    for clue_no in clue_nos:
        match = _NUMBER.fullmatch(clue_no or "")
        if match:
            year, value = int(match[1]), int(match[2])
            highest[year] = max(highest.get(year, 0), value)
    for year, value in highest.items():
        counters.raise_to(_key(year), value, initial=lambda year=year: _highest(year))
