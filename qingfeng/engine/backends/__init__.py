"""Execution engines a run can use: DuckDB (the hub itself) and Apache Spark.

``get(name, con)`` builds one; Spark is imported only when asked for.
"""

from qingfeng.engine.backends.base import Backend

NAMES = ("duckdb", "spark")


def get(name: str, con) -> Backend:
    """The backend ``name`` over the hub connection ``con`` (runs are recorded there)."""
    if name == "duckdb":
        from qingfeng.engine.backends.duckdb import DuckDBBackend
        return DuckDBBackend(con)
    if name == "spark":
        from qingfeng.engine.backends.spark import SparkBackend
        return SparkBackend.for_hub(con)
    raise ValueError(f"未知的执行引擎 / unknown backend {name!r} (known: {', '.join(NAMES)})")
