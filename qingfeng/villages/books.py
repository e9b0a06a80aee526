"""A village's books (村级财务收支明细) as imported into the hub, read-only.

The hub (QINGFENG_HOME/hub.duckdb) keeps every import of the `village_books` registry as a
snapshot table (crosscheck.md §5). A village's books are the newest snapshot that holds
rows of that village: a county-wide import holds every village, a township officer's
upload one village. Pages open the hub read-only; while a cross-check job holds it for
writing, `BooksUnavailable` says so and the page asks to try again shortly.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from qingfeng import conf

REGISTRY = "village_books"
COLUMNS = ("_row", "voucher_no", "booked_on", "direction", "account_title", "memo", "amount", "counterparty",
           "counterparty_id", "method", "reviewed")
EXPENSE, INCOME = "支出", "收入"


class BooksUnavailable(Exception):
    """The hub is being written by a job (DuckDB lets one process write or several read)."""


@dataclass(frozen=True)
class Entry:
    row: int
    voucher_no: str
    booked_on: date | None
    direction: str
    account_title: str
    memo: str
    amount: Decimal | None
    counterparty: str
    counterparty_id: str
    method: str
    reviewed: bool  # as the imported file says (民主理财审核 是)


@dataclass(frozen=True)
class Snapshot:
    id: int
    table: str
    source: str
    imported_at: object


@dataclass
class BooksPage:
    snapshot: Snapshot
    total: int
    entries: list[Entry]
    months: list[str]  # 'YYYY-MM' with entries, newest first


def hub_path():
    return conf.home() / "hub.duckdb"


@contextmanager
def _hub():
    """A read-only connection to the hub, or None when nothing was ever imported."""
    path = hub_path()
    if not path.is_file():
        yield None
        return
    import duckdb  # the web process loads DuckDB only for these pages

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:  # locked by the worker's import or run
        raise BooksUnavailable(str(exc)) from None
    try:
        yield con
    finally:
        con.close()


def _snapshot(con, village_code: str) -> Snapshot | None:
    if con is None:
        return None
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}
    if "snapshots" not in tables:
        return None
    rows = con.execute("SELECT id, table_name, source, imported_at FROM snapshots WHERE registry = ? "
                       "ORDER BY id DESC", [REGISTRY]).fetchall()
    for snapshot_id, table, source, imported_at in rows:
        if table in tables and con.execute(f'SELECT 1 FROM "{table}" WHERE village_code = ? LIMIT 1',
                                           [village_code]).fetchone():
            return Snapshot(snapshot_id, table, source or "", imported_at)
    return None


def _entry(values) -> Entry:
    row, voucher, booked_on, direction, title, memo, amount, party, party_id, method, reviewed = values
    return Entry(row=row, voucher_no=voucher or "", booked_on=booked_on, direction=direction or "",
                 account_title=title or "", memo=memo or "", amount=Decimal(amount) if amount is not None else None,
                 counterparty=party or "", counterparty_id=party_id or "", method=method or "",
                 reviewed=bool(reviewed))


def _where(month: str | None, direction: str | None) -> tuple[str, list]:
    sql, args = "village_code = ?", []
    if month:
        year, mon = (int(part) for part in month.split("-"))
        start = date(year, mon, 1)
        end = date(year + (mon == 12), mon % 12 + 1, 1)
        sql += " AND booked_on >= ? AND booked_on < ?"
        args += [start, end]
    if direction:
        sql += " AND direction = ?"
        args.append(direction)
    return sql, args


def _select(table: str) -> str:
    return f'SELECT {", ".join(COLUMNS)} FROM "{table}"'


def books_page(village_code: str, *, month: str | None = None, direction: str | None = None,
               offset: int = 0, limit: int = 50) -> BooksPage | None:
    """One page of the village's books, oldest entries first; None when it has none."""
    with _hub() as con:
        snapshot = _snapshot(con, village_code)
        if snapshot is None:
            return None
        where, args = _where(month, direction)
        total = con.execute(f'SELECT count(*) FROM "{snapshot.table}" WHERE {where}', [village_code, *args]).fetchone()[0]
        rows = con.execute(f"{_select(snapshot.table)} WHERE {where} ORDER BY booked_on, voucher_no LIMIT ? OFFSET ?",
                           [village_code, *args, limit, offset]).fetchall()
        months = _months(con, snapshot, village_code)
    return BooksPage(snapshot, total, [_entry(r) for r in rows], months)


def find_entries(village_code: str, vouchers: list[str]) -> tuple[Snapshot | None, dict[str, Entry]]:
    """The village's books and, of `vouchers`, those it holds (voucher -> entry)."""
    with _hub() as con:
        snapshot = _snapshot(con, village_code)
        if snapshot is None or not vouchers:
            return snapshot, {}
        rows = con.execute(f"{_select(snapshot.table)} WHERE village_code = ? AND voucher_no IN (SELECT unnest(?))",
                           [village_code, sorted(set(vouchers))]).fetchall()
    return snapshot, {entry.voucher_no: entry for entry in map(_entry, rows)}


def entries_to_review(village_code: str, month: str, limit: int = 500) -> tuple[Snapshot | None, list[Entry]]:
    """The entries of `month` ('YYYY-MM') the imported books do not mark as reviewed."""
    with _hub() as con:
        snapshot = _snapshot(con, village_code)
        if snapshot is None:
            return None, []
        where, args = _where(month, None)
        rows = con.execute(f"{_select(snapshot.table)} WHERE {where} AND NOT coalesce(reviewed, false) "
                           "ORDER BY booked_on, voucher_no LIMIT ?", [village_code, *args, limit]).fetchall()
    return snapshot, [_entry(r) for r in rows]


def months_of(village_code: str) -> list[str]:
    """'YYYY-MM' of the months the village's books have entries in, newest first."""
    with _hub() as con:
        snapshot = _snapshot(con, village_code)
        if snapshot is None:
            return []
        return _months(con, snapshot, village_code)


def _months(con, snapshot: Snapshot, village_code: str) -> list[str]:
    return [m for (m,) in con.execute(
        f"SELECT DISTINCT strftime(booked_on, '%Y-%m') AS m FROM \"{snapshot.table}\" "
        "WHERE village_code = ? AND booked_on IS NOT NULL ORDER BY m DESC", [village_code]).fetchall()]
