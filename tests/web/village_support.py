"""Village finance test data: a hub holding a village_books snapshot, built as the importer leaves it.

Rows are (voucher_no, village_code, booked_on, direction, account_title, memo, amount, counterparty,
counterparty_id, method, reviewed); `_row` is the spreadsheet row (header = 1).
"""

from datetime import date
from decimal import Decimal

from qingfeng.core.months import add_months
from qingfeng.villages.months import month_of

V1 = "430821101201"  # 青山村 of the `world` county
V1B = "430821101202"  # 枫林村, same township
V2 = "430821102201"  # 龙泉村, another township

BOOKS_DDL = """CREATE TABLE {table} (_row INTEGER, voucher_no VARCHAR, village_code VARCHAR, booked_on DATE,
  direction VARCHAR, account_title VARCHAR, memo VARCHAR, amount DECIMAL(18,2), counterparty VARCHAR,
  counterparty_id VARCHAR, counterparty_id_raw VARCHAR, method VARCHAR, reviewed BOOLEAN)"""


def last_month() -> date:
    from django.utils import timezone

    return add_months(month_of(timezone.localdate()), -1)


def entry(voucher, village=V1, day=None, direction="支出", title="公益支出", memo="修路材料款", amount="5000.00",
          party="湖南路桥建设有限公司", party_id="", method="转账", reviewed=False):
    return (voucher, village, day or last_month().replace(day=5), direction, title, memo, Decimal(amount), party,
            party_id or None, method, reviewed)


def write_books(home, rows, *, source="village_books.csv") -> str:
    """A new village_books snapshot in the hub of `home` holding `rows`; its table name."""
    from qingfeng.engine.hub import Hub

    home.mkdir(parents=True, exist_ok=True)
    with Hub(home / "hub.duckdb") as hub:
        con = hub.con
        snapshot_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM snapshots").fetchone()[0]
        table = f"village_books_s{snapshot_id}"
        con.execute(BOOKS_DDL.format(table=table))
        for row_no, row in enumerate(rows, start=2):
            voucher, village, booked_on, direction, title, memo, amount, party, party_id, method, reviewed = row
            con.execute(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [row_no, voucher, village, booked_on, direction, title, memo, amount, party, party_id,
                         party_id, method, reviewed])
        con.execute("INSERT INTO snapshots (id, registry, table_name, source, rows_read, rows_accepted) "
                    "VALUES (?, 'village_books', ?, ?, ?, ?)", [snapshot_id, table, source, len(rows), len(rows)])
    return table


def default_items() -> None:
    """The N list of migration 0002 (a flush by an earlier transactional test removes it)."""
    from qingfeng.villages.defaults import ensure_default_items

    ensure_default_items()


def member_b(world):
    """A committee member of T1's second village (枫林村): Hank's neighbour, not Hank's village."""
    from qingfeng.accounts.models import Role, User

    return User.objects.create_user("mia", password="x", full_name="Mia", role=Role.VILLAGE, jurisdiction=world.v1b)
