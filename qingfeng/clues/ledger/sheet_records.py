"""What the 处理人员 and 问责 importers share when they write records: the outcome of a
batch counted into the sheet's report, what a row changes in a record that exists, and
the record as the audit trail keeps it."""

from decimal import Decimal

from qingfeng.clues.ledger.report import SheetReport
from qingfeng.clues.ledger.sheet_rows import merged_extra


def new_outcome() -> dict:
    """What one write of rows did; counted into the report only once the write is kept."""
    return {"imported": 0, "updated": 0, "unchanged": 0, "rejected": []}


def count_outcome(report: SheetReport, outcome: dict) -> None:
    report.imported += outcome["imported"]
    report.updated += outcome["updated"]
    report.unchanged += outcome["unchanged"]
    for row, problems in outcome["rejected"]:
        report.reject(row, problems)


def changes_of(record, values: dict, notes: dict) -> dict:
    """field -> new value, for the row's values that differ and its notes (an empty note
    keeps the one the record has)."""
    changes = {name: value for name, value in values.items() if getattr(record, name) != value}
    extra = merged_extra(record.extra, notes)
    if extra != (record.extra or {}):
        changes["extra"] = extra
    return changes


def apply_changes(record, changes: dict) -> None:
    """The changes set on the record, and one more version (saved later, in bulk)."""
    for name, value in changes.items():
        setattr(record, name, value)
    record.version = (record.version or 0) + 1


def plain(value):
    """A value as JSON keeps it: money as a string."""
    return str(value) if isinstance(value, Decimal) else value


def snapshot(record, fields) -> dict:
    """The record's `fields` for the audit trail: dates as ISO text, money as text, notes copied."""
    out = {}
    for name in fields:
        value = getattr(record, name)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else plain(value)
    out["extra"] = dict(out["extra"] or {})
    return out
