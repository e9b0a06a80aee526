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

from qingfeng.core.months import add_months, parse_month

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


@contextmanager
def _hub():
    """A read-only connection to the hub, or None when nothing was ever imported."""
    import duckdb  # the web process loads DuckDB (and the engine) only for these pages

    from qingfeng.engine.hub import default_path

    path = default_path()
    if not path.is_file():
        yield None
        return

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:  # locked by the worker's import or run
        raise BooksUnavailable(str(exc)) from None
    try:
        yield con
    finally:
        con.close()


def _snapshot(con, village_code: str) -> Snapshot | None:
    from qingfeng.engine.hub import newest_snapshot_holding

    found = None if con is None else newest_snapshot_holding(con, REGISTRY, village_code)
    if found is None:
        return None
    snapshot_id, table, source, imported_at = found
    return Snapshot(snapshot_id, table, source or "", imported_at)


def _entry(values) -> Entry:
    row, voucher, booked_on, direction, title, memo, amount, party, party_id, method, reviewed = values
    return Entry(row=row, voucher_no=voucher or "", booked_on=booked_on, direction=direction or "",
                 account_title=title or "", memo=memo or "", amount=Decimal(amount) if amount is not None else None,
                 counterparty=party or "", counterparty_id=party_id or "", method=method or "",
                 reviewed=bool(reviewed))


def _where(month: str | None, direction: str | None) -> tuple[str, list]:
    sql, args = "village_code = ?", []
    if month:
        start = parse_month(month)
        end = add_months(start, 1)
        sql += " AND booked_on >= ? AND booked_on < ?"
        args += [start, end]
    if direction:
        sql += " AND direction = ?"
        args.append(direction)
    return sql, args


def _select(table: str) -> str:
    # A village's books split over several files keep a unique _row (part × ROW_BASE + row).
    from qingfeng.engine.series import row_in_file  # not at import: series loads DuckDB

    columns = [f"{row_in_file('_row')} AS _row" if c == "_row" else c for c in COLUMNS]
    return f'SELECT {", ".join(columns)} FROM "{table}"'


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
