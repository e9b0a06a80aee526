"""Case and accountability numbers: AJ<year><4 digits> and WZ<year><4 digits>, one counter
per kind and year (qingfeng.core.counters), taken inside the caller's transaction."""

import re
from collections.abc import Iterable

from qingfeng.core import counters

CASE_PREFIX, ACCOUNTABILITY_PREFIX = "AJ", "WZ"
_ACCOUNTABILITY_NO = re.compile(rf"{ACCOUNTABILITY_PREFIX}(\d{{4}})(\d{{4,}})")


def _accountability_key(year: int) -> str:
    return f"accountability_no:{year}"


def next_case_no(year: int) -> str:
    return f"{CASE_PREFIX}{year}{counters.next_value(f'case_no:{year}'):04d}"


def next_accountability_no(year: int) -> str:
    return f"{ACCOUNTABILITY_PREFIX}{year}{counters.next_value(_accountability_key(year)):04d}"


def reserve_accountability_nos(year: int, count: int) -> list[str]:
    return [f"{ACCOUNTABILITY_PREFIX}{year}{v:04d}" for v in counters.reserve(_accountability_key(year), count)]


def note_given_accountability_nos(nos: Iterable[str]) -> None:
    """Numbers in the WZ scheme that came from a file: the counter moves past them."""
    highest: dict[int, int] = {}
    for no in nos:
        match = _ACCOUNTABILITY_NO.fullmatch(no or "")
        if match:
            year, value = int(match[1]), int(match[2])
            highest[year] = max(highest.get(year, 0), value)
    for year, value in highest.items():
        counters.raise_to(_accountability_key(year), value)
