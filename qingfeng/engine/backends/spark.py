"""The Apache Spark backend (local mode here, a cluster in production).

The hub stays DuckDB: runs are recorded there, and the input snapshots are exported
from it to Parquet once (``snapshots/`` beside the hub file, named by table and
checksum, so a re-run reads the files already written) and read by Spark as
temporary views. pyspark is imported only here, and only when this backend is built.

Session settings come from the environment: ``QINGFENG_SPARK_MASTER`` (default
``local[2]``), ``QINGFENG_SPARK_PARTITIONS`` (shuffle partitions, default 4),
``QINGFENG_SPARK_DRIVER_MEMORY`` (default 2g), ``QINGFENG_SPARK_SCRATCH`` (where a run's
exports and shared views are written; default a temporary directory) and ``QINGFENG_SPARK_CONF``
(``key=value;key=value`` passed through, e.g. for a cluster).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa

from qingfeng.engine.backends.base import Backend, arrow_schema

SMALL_TABLE_ROWS = 100_000
_EMPTY: dict[int, dict] = {}  # id(session) -> registry -> empty DataFrame

# Settings the rules' results depend on: never overridden by QINGFENG_SPARK_CONF.
FIXED_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.jsonGenerator.ignoreNullFields": "false",
    "spark.sql.ansi.enabled": "false",  # DuckDB's casts return NULL on bad input; so do Spark's without ANSI
}
DEFAULT_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def session_conf(env=os.environ) -> tuple[str, dict[str, str]]:
    """(master, settings) for the session, from the environment."""
    conf = dict(DEFAULT_CONF)
    conf["spark.sql.shuffle.partitions"] = env.get("QINGFENG_SPARK_PARTITIONS", "4")
    conf["spark.driver.memory"] = env.get("QINGFENG_SPARK_DRIVER_MEMORY", "2g")
    for item in (env.get("QINGFENG_SPARK_CONF") or "").split(";"):
        if "=" in item:
            key, value = item.split("=", 1)
            conf[key.strip()] = value.strip()
    conf.update(FIXED_CONF)
    return env.get("QINGFENG_SPARK_MASTER", "local[2]"), conf


def session():
    """The process's SparkSession (built once, then reused)."""
    from pyspark.sql import SparkSession

    master, conf = session_conf()
    builder = SparkSession.builder.master(master).appName("qingfeng-crosscheck")
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for key, value in FIXED_CONF.items():  # a reused session may have been built by someone else
        spark.conf.set(key, value)
    return spark


class SparkBackend(Backend):
    dialect = "spark"

    def __init__(self, con, spark=None, cache_dir: Path | None = None):
        self.con = con  # the hub: where the inputs come from
        self.spark = spark or session()
        self.cache_dir = cache_dir
        self._scratch: Path | None = None  # exports and materialised relations, for one run
        self._written: dict[str, Path] = {}  # materialised relation -> its Parquet directory

    @classmethod
    def for_hub(cls, con, spark=None) -> "SparkBackend":
        path = _database_path(con)
        return cls(con, spark, Path(path).parent / "snapshots" if path else None)

    def execute(self, sql: str) -> None:
        self.spark.sql(sql)

    def fetch(self, sql: str) -> tuple[list[str], list[tuple]]:
        frame = self.spark.sql(sql)
        return list(frame.columns), [tuple(row) for row in frame.collect()]

    def register(self, name: str, table: pa.Table) -> None:
        self.spark.createDataFrame(table).createOrReplaceTempView(name)

    def materialise(self, name: str, sql: str) -> None:
        # Written to Parquet and read back, not cached: Spark finds a cached view by matching
        # plans, and a view whose query has CTEs is not matched inside a reader's own CTEs —
        # every rule recomputed payment_household (measured). A file is read by any plan.
        path = self._scratch_dir() / f"{name}.parquet"
        self.spark.sql(sql).write.mode("overwrite").parquet(str(path))
        self._written[name] = path
        self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def view(self, name: str, sql: str) -> None:
        self.spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")

    def drop(self, name: str) -> None:
        self.spark.catalog.dropTempView(name)
        if name in self._written:
            shutil.rmtree(self._written.pop(name), ignore_errors=True)

    def inputs(self, tables: dict[str, str]) -> dict[str, str]:
        """Each hub table as a temporary view of the same name: a snapshot or a large table
        through a Parquet file, a small work table (tests, one village) through Arrow."""
        for table in sorted(set(tables.values())):
            if _snapshot_sha(self.con, table) is None and table_rows(self.con, table) <= SMALL_TABLE_ROWS:
                self.register(table, self.con.sql(f"SELECT * FROM {table}").to_arrow_table())
            else:
                self.spark.read.parquet(str(self._export(table))).createOrReplaceTempView(table)
        return dict(tables)

    def empty(self, key: str, name: str) -> None:
        # One empty DataFrame per registry and session: building one costs a round trip.
        frames = _EMPTY.setdefault(id(self.spark), {})
        if key not in frames:
            frames[key] = self.spark.createDataFrame(arrow_schema(key).empty_table())
        frames[key].createOrReplaceTempView(name)

    def _export(self, table: str) -> Path:
        sha = _snapshot_sha(self.con, table)
        if sha and self.cache_dir is not None:  # a snapshot never changes: its file is reused
            path = self.cache_dir / f"{table}-{sha[:16]}.parquet"
        else:
            path = self._scratch_dir() / f"{table}.parquet"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(path.name + ".partial")
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{partial}' (FORMAT parquet)")
            os.replace(partial, path)
        return path

    def _scratch_dir(self) -> Path:
        # QINGFENG_SPARK_SCRATCH: on a cluster, shared storage mounted at the same path everywhere.
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="qf-spark-", dir=os.environ.get("QINGFENG_SPARK_SCRATCH")))
        return self._scratch

    def close(self) -> None:
        for name in list(self._written):
            self.drop(name)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _database_path(con) -> str | None:
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return rows[0][0] if rows and rows[0][0] else None


def table_rows(con, table: str) -> int:
    """Rows of a hub table that is no snapshot (snapshots always go through Parquet):
    DuckDB's stored row count, counted only for a view, which has none."""
    rows = con.execute("SELECT estimated_size FROM duckdb_tables() WHERE table_name = ? "
                       "ORDER BY temporary DESC LIMIT 1", [table]).fetchall()
    if rows and rows[0][0] is not None:
        return rows[0][0]
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def _snapshot_sha(con, table: str) -> str | None:
    try:
        rows = con.execute("SELECT sha256 FROM snapshots WHERE table_name = ?", [table]).fetchall()
    except Exception:  # noqa: BLE001 - a connection without the hub's catalogue (tests)
        return None
    return rows[0][0] if rows else None
