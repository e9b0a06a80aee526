"""The DuckDB backend: the hub connection itself, temporary tables and views.

While a backend is open (from its construction to ``close()``) the connection runs
with ``preserve_insertion_order = false``: rules never rely on row order (hits are
sorted), so DuckDB may stream without keeping it, with less memory on big runs.
``close()`` puts the connection's own setting back.
"""

import pyarrow as pa

from qingfeng.engine import workspace
from qingfeng.engine.backends.base import Backend


class DuckDBBackend(Backend):
    dialect = "duckdb"

    def __init__(self, con):
        self.con = con
        self._restore_order = _relax_insertion_order(con)  # put back by close()

    def execute(self, sql: str) -> None:
        self.con.execute(sql)

    def fetch(self, sql: str) -> tuple[list[str], list[tuple]]:
        cur = self.con.execute(sql)
        return [d[0] for d in cur.description], cur.fetchall()

    def register(self, name: str, table: pa.Table) -> None:
        # A table, not a view over the Python object: it outlives the caller's Arrow table.
        source = f"{name}_arrow"
        self.con.register(source, table)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {source}")
        finally:
            self.con.unregister(source)

    def materialise(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def view(self, name: str, sql: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")

    def drop(self, name: str) -> None:
        kind = self.con.execute("SELECT table_type FROM information_schema.tables WHERE table_name = ? "
                                "AND table_catalog = 'temp'", [name]).fetchone()
        if kind is not None:
            self.con.execute(f"DROP {'VIEW' if kind[0] == 'VIEW' else 'TABLE'} IF EXISTS {name}")

    def empty(self, key: str, name: str) -> None:
        workspace.create_empty(self.con, key, name)

    def close(self) -> None:
        if self._restore_order is not None:
            self.con.execute(f"SET preserve_insertion_order = {self._restore_order}")
            self._restore_order = None


def _relax_insertion_order(con) -> str | None:
    """Turn preserve_insertion_order off (see the module docstring); the setting to
    restore, or None when the connection has no such setting."""
    try:
        before = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
        con.execute("SET preserve_insertion_order = false")
    except Exception:  # noqa: BLE001 - a connection without the setting keeps its default
        return None
    return "true" if before in (True, "true", "True") else "false"
