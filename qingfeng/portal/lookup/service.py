"""The household fund lookup (portal.md §1), shared by the JSON endpoint and the page.

Order of checks: the address limit first (every request counts), then the ID's failure
limit (a failure reserved before the lookup, taken back when it finds the person), then
the read model. Every miss, whatever its cause, is the same answer, and a
miss of a well-formed ID counts against that ID from any address.
"""

from dataclasses import dataclass

from django.utils import timezone

from qingfeng.engine import publish
from qingfeng.engine.normalize import clean_id, normalize_id, normalize_name
from qingfeng.portal import limits
from qingfeng.portal.keys import portal_key
from qingfeng.portal.lookup import store

# Longer input is no name or ID; answered as a miss, without normalising megabytes.
MAX_FIELD = 64

OK, NOT_FOUND, TOO_MANY, UNAVAILABLE = 200, 404, 429, 503


@dataclass
class Answer:
    status: int
    found: store.Found | None = None

    def json(self) -> dict:
        f = self.found
        return {"household": f.household, "payments": f.payments, "total": f.total_fen / 100, "as_of": f.as_of}


def lookup(address: str | None, name, id_number) -> Answer:
    if not limits.address_allowed(address):
        return Answer(TOO_MANY)
    name = name if isinstance(name, str) and len(name) <= MAX_FIELD else ""
    id_number = id_number if isinstance(id_number, str) and len(id_number) <= MAX_FIELD else ""
    model = store.current()
    if model is None:
        return Answer(UNAVAILABLE)
    cleaned = clean_id(id_number)
    failure = limits.reserve_id_failure(cleaned) if cleaned else None
    if cleaned and failure is None:
        return Answer(TOO_MANY)
    valid = normalize_id(id_number, timezone.localdate()).value
    name = normalize_name(name)
    found = model.find(publish.person_key(portal_key(), valid, name)) if valid and name else None
    if found is None:
        return Answer(NOT_FOUND)  # the reserved failure stays counted
    if failure is not None:
        limits.release(failure)
    return Answer(OK, found)


def yuan(fen: int) -> str:
    """An amount in fen as yuan with two decimals, exactly (no float on the way)."""
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def totals_by_program_and_year(found: store.Found) -> list[dict]:
    """The household's sums per year of payment and program, newest year first."""
    sums: dict[tuple[str, str], int] = {}
    for payment, fen in zip(found.payments, found.fens):
        key = (payment["paid_on"][:4], payment["program"] or "")
        sums[key] = sums.get(key, 0) + fen
    ordered = sorted(sums.items(), key=lambda item: (-int(item[0][0]), item[0][1]))
    return [{"year": year, "program": program, "total": yuan(fen)} for (year, program), fen in ordered]
