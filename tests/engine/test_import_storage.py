"""How a snapshot stores its text: mostly-distinct columns uncompressed, repeated ones compressed."""

from datetime import date

from qingfeng.engine import importer
from qingfeng.engine.hub import Hub
from qingfeng.engine.readers import open_source
from qingfeng.engine.schema import REGISTRIES

from .import_helpers import write_csv
from .test_import_rows import PAY_HEADER


def _storage(hub: Hub, table: str) -> dict[str, set[str]]:
    rows = hub.con.execute(f"SELECT column_name, compression FROM pragma_storage_info('{table}') "
                           "WHERE segment_type = 'VARCHAR'").fetchall()
    found: dict[str, set[str]] = {}
    for column, compression in rows:
        found.setdefault(column, set()).add(compression)
    return found


def test_distinct_ids_and_serials_are_stored_uncompressed_and_repeated_text_compressed(tmp_path):
    ids = ["430821199001011235", "43082119900101123X"]
    rows = [[f"P{i:06d}", "低保金", "2018-03", f"张{i}", f"4308211990{i:08d}" if i % 5 else ids[i % 2],
             "H1", "6228001", "张三", "100", "2018-03-05"] for i in range(3000)]
    with Hub(tmp_path / "hub.duckdb") as hub:
        report = hub.import_file("payments", write_csv(tmp_path / "payments.csv", PAY_HEADER, rows),
                                 as_of=date(2024, 6, 30))
        hub.con.execute("CHECKPOINT")
        storage = _storage(hub, report.table)
        assert report.rows_accepted == 3000
        for column in ("payment_id", "name", "id_number_raw"):  # a distinct value on most rows
            assert storage[column] == {"Uncompressed"}, column
        for column in ("program", "household_id", "account", "account_name"):  # one value repeated
            assert "Uncompressed" not in storage[column], column
        assert hub.con.execute(f"SELECT count(DISTINCT payment_id), min(name) FROM {report.table}").fetchone() == (
            3000, "张0")


def test_spread_counts_distinct_values_among_the_first_rows(tmp_path):
    rows = [[f"P{i}", "低保金", "张三" if i % 2 else f"李{i}"] for i in range(40)]
    path = write_csv(tmp_path / "p.csv", ["发放流水号", "项目名称", "领取人姓名"], rows)
    with Hub(tmp_path / "hub.duckdb") as hub, open_source(hub.con, path) as source:
        found = {"payment_id": 0, "program": 1, "name": 2}
        # 40 of 40, 1 of 40 and 21 of 40 distinct: above a quarter of the rows is spread.
        assert importer.spread_columns(hub.con, REGISTRIES["payments"], source, found) == {"payment_id", "name"}
