"""The backends' own contract: what they change on the hub connection, and who closes them."""

import duckdb
import pytest

from qingfeng.engine import backends, runner
from qingfeng.engine.backends.duckdb import DuckDBBackend
from qingfeng.engine.backends.spark import table_rows
from tests.engine.crosscheck_helpers import make_tables

ROLL = [{"household_id": "H1", "name": "张三", "id_number": None}]  # an R12 hit


def insertion_order(con) -> bool:
    return con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0] in (True, "true")


class CountingBackend(DuckDBBackend):
    def __init__(self, con):
        super().__init__(con)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1
        super().close()


@pytest.mark.parametrize("before", [True, False])
def test_duckdb_backend_relaxes_insertion_order_while_open_and_restores_it(before):
    con = duckdb.connect(":memory:")
    con.execute(f"SET preserve_insertion_order = {str(before).lower()}")
    backend = DuckDBBackend(con)
    assert insertion_order(con) is False
    backend.inputs({"roll": "t_roll"})
    backend.close()
    assert insertion_order(con) is before
    backend.close()  # twice is harmless
    assert insertion_order(con) is before


def test_run_leaves_a_backend_passed_in_open():
    con = duckdb.connect(":memory:")
    tables = make_tables(con, roll=ROLL)
    backend = CountingBackend(con)
    for _ in range(2):  # the caller may run again on it
        assert runner.run(con, tables, rule_ids=["R12"], backend=backend, save=False).counts == {"R12": 1}
    assert backend.closed == 0 and insertion_order(con) is False
    backend.close()
    assert insertion_order(con) is True


def test_run_closes_the_backend_it_builds(monkeypatch):
    con = duckdb.connect(":memory:")
    tables = make_tables(con, roll=ROLL)
    built = []
    monkeypatch.setattr(backends, "get", lambda name, c: built.append(CountingBackend(c)) or built[-1])
    assert runner.run(con, tables, rule_ids=["R12"], backend="duckdb", save=False).counts == {"R12": 1}
    assert [b.closed for b in built] == [1] and insertion_order(con) is True


def test_spark_inputs_size_a_work_table_from_duckdb_s_stored_count():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE big AS SELECT range AS x FROM range(123457)")
    con.execute("CREATE TEMP TABLE small AS SELECT range AS x FROM range(7)")
    con.execute("CREATE TEMP VIEW few AS SELECT x FROM small WHERE x < 3")
    assert (table_rows(con, "big"), table_rows(con, "small"), table_rows(con, "few")) == (123457, 7, 3)


@pytest.mark.spark
def test_spark_materialised_relation_is_read_not_recomputed_by_a_reader_s_ctes(spark_session, tmp_path, monkeypatch):
    """A relation read by several rules is computed once: a reader whose own CTE refers to it
    twice scans what was written, never the query it came from (Spark's plan-matched cache
    missed exactly this shape, so every rule recomputed payment_household)."""
    from qingfeng.engine.backends.spark import SparkBackend

    monkeypatch.setenv("QINGFENG_SPARK_SCRATCH", str(tmp_path))  # a cluster's shared storage
    backend = SparkBackend(duckdb.connect(":memory:"), spark_session)
    backend.register("src", duckdb.sql("SELECT range AS x, range % 3 AS k FROM range(30)").to_arrow_table())
    backend.materialise("groups", "WITH c AS (SELECT k, count(*) AS n FROM src GROUP BY k) SELECT * FROM c")
    reader = "WITH g AS (SELECT k, n FROM groups) SELECT a.k, a.n + b.n AS n2 FROM g AS a JOIN g AS b ON a.k = b.k"
    plan = spark_session.sql(reader)._jdf.queryExecution().executedPlan().toString()
    assert "Scan ExistingRDD" not in plan and "LocalTableScan" not in plan  # src is not read again
    assert plan.count("FileScan parquet") == 2
    assert sorted(backend.fetch(reader)[1]) == [(0, 20), (1, 20), (2, 20)]
    written = backend._written["groups"]
    assert written.exists() and written.parent.parent == tmp_path
    backend.drop("groups")
    assert not written.exists() and not spark_session.catalog.tableExists("groups")
    backend.close()
