"""Case and accountability numbers: AJ<year><4 digits> and WZ<year><4 digits>, one counter
per kind and year (qingfeng.core.counters), taken inside the caller's transaction."""

from qingfeng.core import counters

CASE_PREFIX, ACCOUNTABILITY_PREFIX = "AJ", "WZ"


def next_case_no(year: int) -> str:
    return f"{CASE_PREFIX}{year}{counters.next_value(f'case_no:{year}'):04d}"


def next_accountability_no(year: int) -> str:
    return f"{ACCOUNTABILITY_PREFIX}{year}{counters.next_value(f'accountability_no:{year}'):04d}"


def reserve_accountability_nos(year: int, count: int) -> list[str]:
    return [f"{ACCOUNTABILITY_PREFIX}{year}{v:04d}" for v in counters.reserve(f"accountability_no:{year}", count)]
