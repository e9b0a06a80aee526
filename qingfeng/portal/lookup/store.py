"""Reading the published lookup read model (qingfeng.engine.publish): never the live hub.

Each thread keeps one read-only, immutable SQLite connection to the current publication
and reopens only when the pointer file changes (one stat per lookup), so a new
publication is picked up at once and an old one is read to the end of its request.
"""

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings

from qingfeng.engine import publish

_local = threading.local()


def directory() -> Path:
    return settings.HOME / publish.LOOKUP_DIR


@dataclass
class Found:
    household: dict
    payments: list[dict]
    total_fen: int
    as_of: str | None
    fens: list[int]  # each payment's amount in fen, in the order of `payments`


class OldFormat(Exception):
    pass


class ReadModel:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self.meta = {name: json.loads(value) for name, value in self.db.execute("SELECT name, value FROM meta")}
        if self.meta.get("format") != publish.FORMAT:  # written by another version: republish it
            raise OldFormat(path)
        self.labels = dict(self.db.execute("SELECT id, text FROM labels"))

    def find(self, k: int) -> Found | None:
        row = self.db.execute("SELECT units FROM persons WHERE k = ?", (k,)).fetchone()
        if row is None:
            return None
        units = [int(u) for u in row[0].split(",")]
        township, village, code, members = self.db.execute(
            "SELECT township, village, village_code, members FROM households WHERE unit = ?", (units[0],)).fetchone()
        marks = ",".join("?" * len(units))
        rows = self.db.execute(
            "SELECT paid_on, program, period, amount_fen, recipient, department, account FROM payments "
            f"WHERE unit IN ({marks}) ORDER BY paid_on DESC, seq", units).fetchall()
        label = self.labels.get
        payments = [{"program": label(program), "period": label(period), "amount": fen / 100,
                     "paid_on": publish.from_day_number(on).isoformat(), "recipient": recipient,
                     "department": label(department), "account": account or ""}
                    for on, program, period, fen, recipient, department, account in rows]
        return Found({"township": township, "village": village, "village_code": code, "members": members},
                     payments, sum(r[3] for r in rows), self.meta.get("as_of"), [r[3] for r in rows])


def current() -> ReadModel | None:
    """The current publication for this thread, or None before the first publication."""
    folder = directory()
    try:
        stat = (folder / publish.POINTER).stat()
    except FileNotFoundError:
        return None
    stamp = (str(folder), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    if getattr(_local, "stamp", None) != stamp:
        path = publish.current_path(folder)
        if path is None or not path.exists():
            return None
        try:
            model = ReadModel(path)
        except OldFormat:
            return None  # unavailable until `qingfeng portal publish` (or the next import) rebuilds it
        old = getattr(_local, "model", None)
        _local.model, _local.stamp = model, stamp
        if old is not None:
            old.db.close()
    return _local.model


def as_of_date(model: ReadModel) -> date | None:
    value = model.meta.get("as_of")
    return date.fromisoformat(value) if value else None
