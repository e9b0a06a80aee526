"""Where a hit belongs and how much money it concerns, looked up in the hub's snapshot tables.

A payment hit takes its payment's village_code and amount; a village finance hit
(R14–R18, crosscheck.md §5) its statement line's or book entry's (its `record`: a
txn_id, or village_code/voucher_no); any other hit takes the village of its roll
household (or, failing that, of the person's roll row).
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class HitFacts:
    village_code: str | None = None
    amount: Decimal | None = None


def _lookup(con, table: str | None, key: str, values: set, extra: str = "") -> dict:
    if table is None or not values:
        return {}
    rows = con.execute(
        f"SELECT {key}, min(village_code){extra} FROM {table} "
        f"WHERE {key} IN (SELECT unnest(?)) GROUP BY {key}", [sorted(values)]).fetchall()
    return {row[0]: row[1:] for row in rows}


def _entries(con, table: str | None, records: set) -> dict:
    """village_code/voucher_no -> (village_code, amount) of the books' entries."""
    if table is None or not records:
        return {}
    rows = con.execute(
        f"SELECT village_code || '/' || voucher_no, village_code, amount FROM {table} "
        f"WHERE village_code || '/' || voucher_no IN (SELECT unnest(?))", [sorted(records)]).fetchall()
    return {row[0]: row[1:] for row in rows}


def _record_facts(con, tables: dict[str, str], hits) -> dict:
    """record -> (village_code, amount) for the hits that have one."""
    records = {h.record for h in hits if getattr(h, "record", None)}
    found = _entries(con, tables.get("village_books"), {r for r in records if "/" in r})
    found.update(_lookup(con, tables.get("village_bank"), "txn_id", {r for r in records if "/" not in r},
                         ", min(amount)"))
    return found


def hit_facts(con, tables: dict[str, str], hits) -> dict[str, HitFacts]:
    """hit key -> HitFacts, with one query per registry and key column."""
    records = _record_facts(con, tables, hits)
    payments = _lookup(con, tables.get("payments"), "payment_id", {h.payment_id for h in hits if h.payment_id},
                       ", min(amount)")
    households = _lookup(con, tables.get("roll"), "household_id", {h.household_id for h in hits if h.household_id})
    people = _lookup(con, tables.get("roll"), "id_number", {h.id_number for h in hits if h.id_number})
    facts = {}
    for hit in hits:
        code, amount = None, None
        if getattr(hit, "record", None) in records:
            code, amount = records[hit.record]
        if hit.payment_id in payments:
            code, amount = payments[hit.payment_id]
        if not code and "/" in (getattr(hit, "record", None) or ""):
            code = hit.record.split("/", 1)[0]  # an entry's key starts with its village
        if not code and hit.household_id in households:
            code = households[hit.household_id][0]
        if not code and hit.id_number in people:
            code = people[hit.id_number][0]
        facts[hit.key] = HitFacts(code or None, Decimal(amount) if amount is not None else None)
    return facts
