"""An import for one village (a township officer's upload): other villages' rows are rejected
by the import itself (row, column village_code, reason) in its one transaction, so a crash
leaves no snapshot; a run is saved with its status in one transaction."""

from datetime import date

import pytest

from qingfeng.engine import importer, runs
from qingfeng.engine.hub import BundleError, Hub
from tests.engine.import_helpers import write_csv

AS_OF = date(2026, 11, 1)
V, W = "430821101201", "430821101202"
HEADER = ["凭证号", "行政区划代码", "记账日期", "收支", "科目", "摘要", "金额", "收付对象", "收付对象证件号码",
          "结算方式", "民主理财审核"]
ROWS = [
    ["V1", V, "2026-10-05", "支出", "公益支出", "修路", "6,000.00", "张三", "", "转账", "否"],  # row 2: kept
    ["V1", W, "2026-10-06", "支出", "公益支出", "别村", "100", "李四", "", "转账", "否"],  # row 3: other village
    ["V2", f" {V[:6]} {V[6:]} ", "2026-10-07", "支出", "x", "y", "5", "王五", "", "转账", "是"],  # row 4: ours, spaced
    ["V3", W, "2026-10-08", "支出", "x", "y", "5", "王五", "", "转账", "否"],  # row 5: other village
    ["V3", W, "2026-10-09", "支出", "x", "y", "5", "王五", "", "转账", "否"],  # row 6: other village (no dup report)
    ["V4", "", "2026-10-09", "支出", "x", "y", "5", "王五", "", "转账", "否"],  # row 7: no code: required, once
    ["V5", W, "2026-10-09", "支出", "x", "y", "-5", "王五", "", "转账", "否"],  # row 8: bad amount AND other village
]


@pytest.fixture
def hub(tmp_path):
    with Hub(tmp_path / "hub.duckdb") as h:
        yield h


@pytest.fixture
def books(tmp_path):
    return write_csv(tmp_path / "village_books.csv", HEADER, ROWS)


def by_row(report):
    out = {}
    for p in report.problems:
        out.setdefault(p.row, []).append(p)
    return out


def test_other_villages_rows_are_rejected_by_the_import_with_row_column_and_reason(hub, books):
    report = hub.import_file("village_books", books, as_of=AS_OF, village_code=V)
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (7, 2, 5)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    problems = by_row(report)
    for row in (3, 5, 6):
        (p,) = problems[row]
        assert (p.column, p.value, p.rejected) == ("village_code", W, True)
        assert p.reason == f"行政区划代码（village_code）：{W} 不是本村（{V}），该行未导入"
    (empty,) = problems[7]
    assert (empty.column, empty.rejected) == ("village_code", True) and "必填列为空" in empty.reason
    assert {p.column for p in problems[8]} == {"amount", "village_code"}
    assert set(problems) == {3, 5, 6, 7, 8}  # row 6 is no "duplicate of row 5": it is not imported at all
    kept = hub.con.execute(f"SELECT _row, voucher_no, village_code FROM {report.table} ORDER BY _row").fetchall()
    assert kept == [(2, "V1", V), (4, "V2", V)]
    stored = hub.con.execute('SELECT count(*) FROM import_problems WHERE snapshot_id = ? AND "column" = '
                             "'village_code' AND rejected", [report.snapshot_id]).fetchone()[0]
    assert stored == 5 and report.problem_count == 6
    assert hub.snapshot(report.snapshot_id)["village_filter"] == V


def test_the_filter_is_part_of_what_an_identical_import_reuses(hub, books):
    first = hub.import_file("village_books", books, as_of=AS_OF, village_code=V)
    again = hub.import_file("village_books", books, as_of=AS_OF, village_code=f" {V}")
    assert again.reused and again.snapshot_id == first.snapshot_id
    county = hub.import_file("village_books", books, as_of=AS_OF)  # the whole file: not the filtered one
    assert not county.reused and county.rows_accepted == 4  # rows 2, 3, 4, 5 (6 is 5's duplicate), not 7, 8
    other = hub.import_file("village_books", books, as_of=AS_OF, village_code=W)
    assert not other.reused and other.rows_accepted == 2  # rows 3 and 5 (6 is a duplicate of 5)


def test_a_registry_without_village_codes_cannot_be_filtered(hub, tmp_path):
    path = write_csv(tmp_path / "businesses.csv", ["企业名称", "统一社会信用代码"], [["青枫公司", "91430821MA4L000014"]])
    with pytest.raises(BundleError, match="village_code"):
        hub.import_file("businesses", path, as_of=AS_OF, village_code=V)


def test_a_crash_inside_the_filtered_import_leaves_no_snapshot(hub, books, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch, pytest.raises(RuntimeError, match="power cut"):
        patch.setattr(importer, "finish_snapshot", crash)  # after the other villages' rows were reported
        hub.import_file("village_books", books, as_of=AS_OF, village_code=V)
    assert hub.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 0
    assert hub.con.execute("SELECT count(*) FROM import_problems").fetchone()[0] == 0
    tables = {t for (t,) in hub.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert not [t for t in tables if t.startswith("village_books")]
    report = hub.import_file("village_books", books, as_of=AS_OF, village_code=V)  # and it imports afterwards
    assert (report.snapshot_id, report.rows_accepted, report.reused) == (1, 2, False)


def record(run_id):
    return {"run_id": run_id, "started_at": None, "as_of": AS_OF, "previous_run_id": None, "inputs": {},
            "params": {}, "overrides": {}, "rule_versions": {}, "counts": {}, "timings": {}, "skipped": {},
            "new_hits": 0, "gone_hits": 0}


def test_a_village_run_is_saved_with_its_status_and_never_taken_as_previous(hub):
    runs.ensure_tables(hub.con)
    runs.save(hub.con, record("county-1"), [])
    runs.save(hub.con, record("village-1"), [], status="village")
    assert dict(hub.con.execute("SELECT run_id, status FROM runs").fetchall()) == {
        "county-1": "done", "village-1": "village"}
    assert runs.previous_run(hub.con) == "county-1"
    with pytest.raises(ValueError, match="unknown run status"):
        runs.save(hub.con, record("x"), [], status="half")


def test_a_crash_while_saving_a_run_leaves_no_run(hub, monkeypatch):
    runs.ensure_tables(hub.con)

    def crash(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(runs, "_insert_hits", crash)  # the run row is written, the hits are not
    with pytest.raises(RuntimeError, match="power cut"):
        runs.save(hub.con, record("village-1"), [], status="village")
    assert hub.con.execute("SELECT count(*) FROM runs").fetchone()[0] == 0
