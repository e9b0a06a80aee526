"""What a hub holds, asked of DuckDB itself (no import of the hub module: ``series`` and
``hub`` both read it)."""


def stored_tables(con) -> set[str]:
    """The hub's tables (temporary tables and views left out)."""
    return {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()}
