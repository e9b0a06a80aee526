"""The few operations a run needs from an engine (Splink's shape): run a statement,
register a table, fetch rows, drop what it created. SQL arrives already rendered
for the backend's dialect (``dialect`` names it)."""

import pyarrow as pa

from qingfeng.engine import workspace

ARROW_TYPES = {"VARCHAR": pa.string(), "DATE": pa.date32(), "DECIMAL(18,2)": pa.decimal128(18, 2),
               "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32()}


def arrow_schema(key: str) -> pa.Schema:
    """The Arrow schema of registry (or auxiliary relation) ``key``'s normalised table."""
    return pa.schema([(name, ARROW_TYPES[sql_type]) for name, sql_type in workspace.columns(key)])


class Backend:
    dialect: str = ""

    def execute(self, sql: str) -> None:
        raise NotImplementedError

    def fetch(self, sql: str) -> tuple[list[str], list[tuple]]:
        """Column names and rows of a query."""
        raise NotImplementedError

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name`` (a temporary relation)."""
        raise NotImplementedError

    def materialise(self, name: str, sql: str) -> None:
        """A temporary relation ``name`` holding the query's rows, computed once."""
        raise NotImplementedError

    def view(self, name: str, sql: str) -> None:
        """A temporary view ``name`` (recomputed by each reader, so filters reach into it)."""
        raise NotImplementedError

    def drop(self, name: str) -> None:
        """Drop a relation made by register, materialise or view; absent is fine."""
        raise NotImplementedError

    def inputs(self, tables: dict[str, str]) -> dict[str, str]:
        """Logical registry -> relation this backend reads, from hub table names."""
        return dict(tables)

    def empty(self, key: str, name: str) -> None:
        """An empty relation shaped like registry ``key``."""
        self.register(name, arrow_schema(key).empty_table())

    def close(self) -> None:
        """Release what the backend holds (cached relations, scratch files, changed
        settings). Called by whoever built it: runner.run closes only a backend it made."""
