"""Hits (crosscheck.md §4): one row per hit, identified by its rule's key columns."""

import csv
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from qingfeng.engine.cellsafe import neutralise_row

CSV_COLUMNS = ("rule", "id_number", "household_id", "name", "payment_id", "account", "record", "score", "evidence")


@dataclass(frozen=True)
class Hit:
    rule: str
    id_number: str | None
    household_id: str | None
    name: str | None
    payment_id: str | None
    account: str | None
    score: float
    evidence: dict
    key: str
    record: str | None = None  # village finance (R14–R18): village_code/voucher_no or txn_id

    def evidence_json(self) -> str:
        return json.dumps(self.evidence, ensure_ascii=False, sort_keys=False, default=str)

    def csv_row(self) -> list:
        score = 1 if self.score == 1 else round(self.score, 4)
        return [self.rule, self.id_number or "", self.household_id or "", self.name or "",
                self.payment_id or "", self.account or "", self.record or "", score, self.evidence_json()]


def hit_key(rule: str, key_columns: tuple[str, ...], values: dict) -> str:
    """``R03:P0001``; R12's key is household_id + name: ``R12:H01|张三``; R15's
    is the entry's record: ``R15:430821101201/记-0012``."""
    return f"{rule}:" + "|".join(str(values.get(col) or "") for col in key_columns)


def plain(value):
    """DuckDB values (structs, lists, dates, decimals) as JSON-ready values."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def shape_evidence(raw: dict) -> dict:
    """Gather every record (a struct carrying ``registry``) into ``records``,
    sorted by registry and row; keep the other facts under their own names."""
    records, facts = [], {}
    for name, value in plain(raw or {}).items():
        if isinstance(value, dict) and "registry" in value:
            records.append(value)
        elif isinstance(value, list) and value and all(isinstance(v, dict) and "registry" in v for v in value):
            records.extend(value)
        elif value not in ([], {}):
            facts[name] = value
    # The full record breaks ties (one death row matched to a roll row and to a
    # payment), so evidence never depends on the order the engine produced it in.
    records.sort(key=lambda r: (r["registry"], r.get("row") or 0, json.dumps(r, sort_keys=True, default=str)))
    return {"records": records, **facts}


def write_csv(hits, path) -> int:
    """Write the hits file atomically (UTF-8 with header); return the row count.
    Text cells are neutralised: a registry name like "=cmd|…" must not run when the
    file is opened in a spreadsheet (the score stays a number)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".hits-", suffix=".csv", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for hit in hits:
                writer.writerow(neutralise_row(hit.csv_row()))
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
