"""The public lookup's read model (portal.md §1): one immutable SQLite file per publication.

Built from the hub's latest roll, payments (and standards) snapshots, then switched to
atomically: the file is written aside, renamed into place, and a small pointer file
(``current``) is replaced to name it. Readers open the file read-only and immutable, so
they never touch the live DuckDB hub and never wait for an import or a run.

What the file holds is only what a lookup may answer, already masked:

- ``persons(k, units)``: ``k`` a keyed hash (HMAC-SHA256 with the portal key, 64 bits) of
  the normalised ID and name of a roll person, ``units`` their roll households. No ID
  number and no full name is stored, so the file cannot be listed or searched by ID.
- ``households(unit, township, village, village_code, members)``: members enrolled on as_of.
- ``payments(unit, paid_on, seq, …)``: every payment whose household (crosscheck.md §2,
  the engine's payment_household view) is a roll household; amounts in fen, the recipient's
  masked name and account (****1234); clustered by household for one-seek reads.
- ``meta``: as_of, the snapshots it was built from, counts.

Pure: no Django. The caller passes the directory and the key.
"""

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qingfeng.engine import clock, dialect, workspace
from qingfeng.engine.masking import mask_account, mask_name
from qingfeng.engine.rulebook import Rulebook

# Where an installation keeps them, under QINGFENG_HOME (the engine command line and the web app).
LOOKUP_DIR = Path("portal") / "lookup"
KEY_FILE = "portal_key"
FORMAT = 2  # 2: accounts stored masked ("****1234")
POINTER = "current"
KEPT = 2  # publications kept: the current one and the one before (readers may still hold it)
BATCH = 50_000
EPOCH = date(1970, 1, 1).toordinal()

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE labels (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE persons (k INTEGER PRIMARY KEY, units TEXT NOT NULL);
CREATE TABLE households (unit INTEGER PRIMARY KEY, township TEXT, village TEXT, village_code TEXT,
                         members INTEGER NOT NULL);
CREATE TABLE payments (unit INTEGER NOT NULL, paid_on INTEGER NOT NULL, seq INTEGER NOT NULL,
                       program INTEGER, period INTEGER, amount_fen INTEGER NOT NULL, recipient TEXT,
                       department INTEGER, account TEXT,
                       PRIMARY KEY (unit, paid_on, seq)) WITHOUT ROWID;
"""


@dataclass
class Publication:
    path: Path
    as_of: date | None
    persons: int
    households: int
    payments: int
    seconds: float
    snapshots: dict


def person_key(key: bytes, id_number: str, name: str) -> int:
    """The read model's key of a (normalised ID, normalised name) pair, as a signed 64-bit integer."""
    digest = hmac.new(key, f"{id_number}\x1f{name}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def day_number(d: date | None) -> int | None:
    return None if d is None else d.toordinal() - EPOCH


def from_day_number(n: int) -> date:
    return date.fromordinal(n + EPOCH)


def load_key(path: Path) -> bytes:
    """The portal key file (qingfeng.portal.keys keeps the same file), created if absent.

    The engine command line has no Django, so it reads the file itself; written aside and
    linked into place, so another process never reads half a key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        finally:
            temp.unlink()
    return bytes.fromhex(path.read_text().strip())


# -- the pointer -------------------------------------------------------------------


def current_path(directory: Path) -> Path | None:
    """The file of the current publication, or None before the first one."""
    try:
        name = (Path(directory) / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    return Path(directory) / name if name else None


def _switch(directory: Path, built: Path) -> None:
    pointer = directory / POINTER
    temp = directory / f"{POINTER}.{os.getpid()}.{uuid.uuid4().hex[:6]}.tmp"
    temp.write_text(built.name + "\n")
    os.replace(temp, pointer)  # atomic: a reader sees the old name or the new, never half


def _prune(directory: Path, keep: Path) -> None:
    files = sorted(directory.glob("lookup-*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)
    old = [p for p in files if p != keep][KEPT - 1:]
    for path in old:
        path.unlink(missing_ok=True)  # readers that still have it open keep reading it
    for temp in directory.glob("*.tmp"):
        if time.time() - temp.stat().st_mtime > 3600:  # left by a crashed build
            temp.unlink(missing_ok=True)


# -- building ------------------------------------------------------------------------


class ReadModelWriter:
    """Writes a new publication file; ``commit()`` switches readers to it."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        self.path = self.directory / f"lookup-{stamp}-{uuid.uuid4().hex[:8]}.sqlite"
        self.temp = self.path.with_suffix(".sqlite.tmp")
        self.db = sqlite3.connect(self.temp, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")  # a crash leaves a .tmp nobody reads
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA page_size = 8192")
        self.db.execute("PRAGMA cache_size = -262144")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")
        self.labels: dict[str, int] = {}

    def label(self, text: str | None) -> int | None:
        if text is None:
            return None
        number = self.labels.get(text)
        if number is None:
            number = self.labels[text] = len(self.labels) + 1
            self.db.execute("INSERT INTO labels VALUES (?, ?)", (number, text))
        return number

    def persons(self, rows) -> None:
        """rows: (k, units text). Duplicate keys (a person listed twice) keep one row."""
        self.db.executemany("INSERT OR REPLACE INTO persons VALUES (?, ?)", rows)

    def households(self, rows) -> None:
        self.db.executemany("INSERT INTO households VALUES (?, ?, ?, ?, ?)", rows)

    def payments(self, rows) -> None:
        """rows: (unit, paid_on day number, seq, program label, period label, fen, masked name,
        department label, masked account)."""
        self.db.executemany("INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def commit(self, meta: dict) -> Path:
        meta = {"format": FORMAT, "built_at": clock.now().isoformat(timespec="seconds"), **meta}
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
        self.db.execute("COMMIT")
        self.db.execute("ANALYZE")
        self.db.close()
        os.replace(self.temp, self.path)
        _switch(self.directory, self.path)
        _prune(self.directory, self.path)
        return self.path

    def abort(self) -> None:
        self.db.close()
        self.temp.unlink(missing_ok=True)


def _bind_views(con, tables: dict[str, str]) -> tuple[dict, list[str]]:
    """person_household / payment_household on these snapshot tables, as temp tables."""
    prefix = f"_qf_pub{uuid.uuid4().hex[:6]}_"
    mapping, made = dict(tables), []
    for key in ("roll", "payments", "standards"):
        if key not in mapping:
            mapping[key] = prefix + key
            workspace.create_empty(con, key, mapping[key])
            made.append(mapping[key])
    book = Rulebook.load()
    for name in ("payment_standard", "person_household", "payment_household"):
        mapping[name] = prefix + name
        con.execute(f"CREATE TEMP TABLE {mapping[name]} AS {book.views[name].render('duckdb', mapping)}")
        made.append(mapping[name])
    return mapping, made


def _batches(cur):
    while rows := cur.fetchmany(BATCH):
        yield from rows


def build(con, tables: dict[str, str], directory: Path, key: bytes, snapshots: dict | None = None) -> Publication:
    """Build and switch to a new publication from these snapshot tables (a DuckDB connection)."""
    began = time.perf_counter()
    mapping, made = _bind_views(con, tables)
    roll, payments, ph = mapping["roll"], mapping["payments"], mapping["payment_household"]
    writer = ReadModelWriter(directory)
    try:
        (as_of,) = con.execute(f"SELECT max(paid_on) FROM {payments}").fetchone()
        # A roll unit: its household, or the person alone (payment_household's household_unit).
        roll_unit = dialect.expression("household_unit(r.household_id, r.id_number, r.name)")
        units = ph + "_units"
        made.append(units)
        con.execute(f"""CREATE TEMP TABLE {units} AS
            SELECT unit_id, row_number() OVER (ORDER BY first_row) AS unit FROM (
              SELECT {roll_unit} AS unit_id, min(_row) AS first_row
              FROM {roll} AS r WHERE coalesce(household_id, id_number) IS NOT NULL GROUP BY ALL)""")
        households = con.execute(f"""
            SELECT u.unit, min_by(r.township, r._row), min_by(r.village, r._row), min_by(r.village_code, r._row),
                   count(*) FILTER (WHERE r.enrolled_on <= ?::DATE AND (r.removed_on IS NULL OR ?::DATE < r.removed_on))
            FROM {roll} AS r JOIN {units} AS u ON u.unit_id = {roll_unit}
            GROUP BY u.unit ORDER BY u.unit""", [as_of or date.max, as_of or date.max])
        writer.households(_batches(households))
        # The person's units, their first (earliest roll row, as §2) first.
        people = con.execute(f"""
            WITH rows AS (
              SELECT r.id_number, r.name, u.unit, r.enrolled_on, r._row
              FROM {roll} AS r JOIN {units} AS u ON u.unit_id = {roll_unit}
              WHERE r.id_number IS NOT NULL AND r.name IS NOT NULL),
            per_id AS (
              SELECT id_number, string_agg(DISTINCT CAST(unit AS VARCHAR), ',') AS all_units,
                     CAST(arg_min(unit, coalesce(date_diff('day', DATE '1800-01-01', enrolled_on), 10000000)
                                        * 10000000000 + _row) AS VARCHAR) AS first
              FROM rows GROUP BY id_number)
            SELECT DISTINCT rows.id_number, rows.name, per_id.first, per_id.all_units
            FROM rows JOIN per_id USING (id_number)""")
        writer.persons((person_key(key, i, n), _units(first, all_units)) for i, n, first, all_units in _batches(people))
        paid = con.execute(f"""
            SELECT u.unit, p.paid_on, p._row, p.program, p.period, CAST(p.amount * 100 AS BIGINT), p.name,
                   p.department, p.account
            FROM {payments} AS p JOIN {ph} AS h ON h.p_row = p._row
            JOIN {units} AS u ON u.unit_id = {dialect.expression('household_unit(h.household_id, p.id_number, p.name)')}
            ORDER BY u.unit, p.paid_on, p._row""")
        label = writer.label
        writer.payments((unit, day_number(on), row, label(program), label(period), fen, mask_name(name),
                         label(department), mask_account(account))
                        for unit, on, row, program, period, fen, name, department, account in _batches(paid))
        counts = {name: writer.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                  for name in ("persons", "households", "payments")}
        path = writer.commit({"as_of": as_of.isoformat() if as_of else None, "snapshots": snapshots or tables,
                              **counts})
    except BaseException:
        writer.abort()
        raise
    finally:
        for table in reversed(made):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    return Publication(path, as_of, counts["persons"], counts["households"], counts["payments"],
                       round(time.perf_counter() - began, 3), snapshots or tables)


def _units(first: str, all_units: str) -> str:
    rest = [u for u in all_units.split(",") if u != first]
    return ",".join([first, *sorted(rest, key=int)])


def latest_tables(hub) -> tuple[dict[str, str], dict]:
    """The hub's latest roll, payments and standards snapshot tables, and their snapshot ids."""
    tables, ids = {}, {}
    for registry in ("roll", "payments", "standards"):
        snap = hub.latest(registry)
        if snap:
            tables[registry], ids[registry] = snap["table_name"], snap["id"]
    return tables, ids


def published_snapshots(directory: Path) -> dict | None:
    path = current_path(directory)
    if path is None or not path.exists():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE name = 'snapshots'").fetchone()
    finally:
        db.close()
    return json.loads(row[0]) if row else None


def publish(hub, directory: Path, key: bytes, *, force: bool = True) -> Publication | None:
    """Publish the hub's latest roll + payments; with force=False only when they changed.

    Returns None when there is no roll yet, or nothing changed (force=False).
    """
    tables, ids = latest_tables(hub)
    if "roll" not in tables:
        return None
    if not force and published_snapshots(directory) == ids:
        return None
    return build(hub.con, tables, Path(directory), key, snapshots=ids)
