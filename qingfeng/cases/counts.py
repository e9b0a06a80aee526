"""A clue's six outcome counts (ledger.md §4) follow from its persons handled when it has any.

党纪政务处分人数 = distinct persons with a 党纪处分 or 政务处分; 组织处理人数, 第一种形态人数
and 移送司法人数 = distinct persons with a measure of that kind; 追缴金额 and 退还群众金额 =
the sums. A person is their name within the clue.
"""

from collections.abc import Iterable
from decimal import Decimal

from qingfeng.cases.measures import SANCTION_KINDS, Kind

COUNT_FIELDS = ("persons_sanctioned", "org_handled", "first_form", "judicial")
MONEY_FIELDS = ("recovered", "returned")
FIELDS = COUNT_FIELDS + MONEY_FIELDS
_KIND_FIELD = {Kind.ORGANISATIONAL: "org_handled", Kind.FIRST_FORM: "first_form", Kind.JUDICIAL: "judicial"}


def counts_from(rows: Iterable[tuple[str, str, Decimal, Decimal]]) -> dict:
    """The six values from (name, kind, recovered, returned) rows of one clue."""
    persons = {name: set() for name in COUNT_FIELDS}
    money = dict.fromkeys(MONEY_FIELDS, Decimal("0.00"))
    for name, kind, recovered, returned in rows:
        field = "persons_sanctioned" if kind in SANCTION_KINDS else _KIND_FIELD[kind]
        persons[field].add(name.strip())
        money["recovered"] += Decimal(recovered or 0)
        money["returned"] += Decimal(returned or 0)
    return {name: len(people) for name, people in persons.items()} | {
        name: value.quantize(Decimal("0.01")) for name, value in money.items()}


def counts_of(clue) -> dict | None:
    """The counts `clue`'s measures give, or None when it has none (its own counts stand)."""
    rows = list(clue.measures.values_list("name", "kind", "recovered", "returned"))
    return counts_from(rows) if rows else None


def apply_counts(clue) -> list[str]:
    """Set `clue`'s six fields from its measures; the names of the fields that changed
    (the caller saves them, inside its transaction)."""
    counts = counts_of(clue)
    if counts is None:
        return []
    changed = [name for name, value in counts.items() if getattr(clue, name) != value]
    for name in changed:
        setattr(clue, name, counts[name])
    return changed
