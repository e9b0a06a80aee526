"""Small normalised registry tables for rule tests (layout of schema.py).

Rows are dicts of normalised values; ``_row`` is the spreadsheet row (header is
row 1, so the first data row is 2). A payment's ``period`` label ('2020-03',
'2020Q2', '2020') also fills period_start/period_end/period_unit.
"""

from datetime import date

import duckdb

from qingfeng.engine import runner, workspace


def d(text: str) -> date:
    return date.fromisoformat(text)


def check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def make_id(birth: str = "19600101", seq: str = "001", area: str = "430821") -> str:
    """A valid 18-digit ID for a birth date YYYYMMDD."""
    body = f"{area}{birth}{seq}"
    return body + check_digit(body)


def period_fields(label: str) -> dict:
    if "Q" in label:
        year, q = int(label[:4]), int(label[-1])
        start = date(year, 3 * q - 2, 1)
        end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
        unit = "季"
    elif "-" in label:
        year, month = int(label[:4]), int(label[5:7])
        start, end, unit = date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1), "月"
    else:
        start, end, unit = date(int(label), 1, 1), date(int(label) + 1, 1, 1), "年"
    return {"period": label, "period_start": start, "period_end": end, "period_unit": unit}


def make_tables(con, **registries: list[dict]) -> dict[str, str]:
    """Create one table per given registry; return logical -> physical names."""
    tables = {}
    for key, rows in registries.items():
        table = f"t_{key}"
        workspace.create_empty(con, key, table, temp=False)
        prepared = []
        for i, row in enumerate(rows):
            row = {"_row": i + 2, **row}
            if key == "payments" and "period" in row and "period_start" not in row:
                row.update(period_fields(row["period"]))
            prepared.append(row)
        workspace.insert_rows(con, key, table, prepared)
        tables[key] = table
    return tables


# The engine run_rule uses: "duckdb", or a Backend factory (con -> Backend) set by the
# ``rule_backend`` fixture (tests/engine/conftest.py) for the Spark pass of the case tables.
BACKEND = {"make": None}


def backend_for(con):
    make = BACKEND["make"]
    return make(con) if make else "duckdb"


def run_on_test_backend(con, tables, **kwargs) -> runner.RunResult:
    """runner.run on the current test backend (closed afterwards: a Backend passed in stays open)."""
    backend = backend_for(con)
    try:
        return runner.run(con, tables, backend=backend, **kwargs)
    finally:
        if not isinstance(backend, str):
            backend.close()


def run_rule(rule_id: str, params: dict | None = None, **registries):
    """Run one rule on fresh in-memory tables (on the current test backend); return its hits."""
    con = duckdb.connect(":memory:")
    tables = make_tables(con, **registries)
    return run_on_test_backend(con, tables, params={rule_id: params} if params else None,
                               rule_ids=[rule_id]).hits


def keys(hits) -> set[str]:
    return {h.key.split(":", 1)[1] for h in hits}
