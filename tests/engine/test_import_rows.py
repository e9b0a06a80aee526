"""Row accounting, problems, bundles, the snapshot catalogue and atomic imports."""

import os
from datetime import date

import pytest

from qingfeng.engine import hub as hub_module
from qingfeng.engine import importer
from qingfeng.engine.hub import BundleError, Hub

from .import_helpers import ROLL_HEADER, ROLL_ROWS, write_csv

AS_OF = date(2024, 6, 30)
PAY_HEADER = ["发放流水号", "项目名称", "资金所属期", "领取人姓名", "领取人证件号码", "户编号",
              "银行账号", "账户户名", "发放金额", "发放日期"]
PAY_ROWS = [
    ["P1", "低保金", "2018-03", "张三", "430821199001011235", "H1", "6228 001", "张三", "1,200.00", "2018-03-05"],
    ["P2", "低保金", "2018年第二季度", "李四", "43082119900101123X", "H2", "6228002", "李四", "300", "2018-04-05"],
    ["P1", "低保金", "2018-03", "王五", "", "H3", "6228003", "王五", "300", "2018-03-05"],
    ["P4", "低保金", "2018-13", "赵六", "", "H3", "6228003", "赵六", "abc", "2018-03-05"],
    ["P5", "特困金", "2018", "钱七", "", "H3", "6228003", "钱七", "5", "2018-03-05"],
    ["P6", "低保金", "2017", "孙八", "", "H3", "6228003", "孙八", "5", "2017-06-01"],
    ["P7", "低保金", "2018", "", "", "H3", "6228003", "", "5", "2018/3/5"],
]
STD_HEADER = ["项目名称", "标准金额", "发放周期", "对象范围", "须在册", "生效日期", "失效日期"]
STD_ROWS = [["低保金", "500", "月", "个人", "是", "2018-01-01", ""],
            ["特困金", "800", "月", "个人", "也许", "2018-01-01", ""]]


@pytest.fixture
def hub(tmp_path):
    with Hub(tmp_path / "hub.duckdb") as hub:
        yield hub


@pytest.fixture
def bundle(tmp_path):
    directory = tmp_path / "bundle"
    directory.mkdir()
    write_csv(directory / "payments.csv", PAY_HEADER, PAY_ROWS)
    write_csv(directory / "standards.csv", STD_HEADER, STD_ROWS, "gb18030")
    write_csv(directory / "roll.csv", ROLL_HEADER, ROLL_ROWS)
    (directory / "说明.txt").write_text("readme", encoding="utf-8")
    return directory


def problems_of(report):
    return {(p.row, p.column, p.rejected): p for p in report.problems}


def test_bundle_imports_present_registries_and_lists_the_rest(hub, bundle):
    result = hub.import_bundle(bundle, as_of=AS_OF)
    assert set(result.reports) == {"payments", "standards", "roll"}
    assert set(result.missing) == {"vehicles", "properties", "deaths", "employees",
                                   "businesses", "cadres", "village_books", "village_bank"}
    assert result.ignored == ["说明.txt"]
    assert result.tables["roll"] == result.reports["roll"].table
    for report in result.reports.values():
        assert report.rows_read == report.rows_accepted + report.rows_rejected


def test_payment_rejections_name_row_column_and_value(hub, bundle):
    report = hub.import_bundle(bundle, as_of=AS_OF).reports["payments"]
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (7, 4, 3)
    found = problems_of(report)
    assert "与第2行相同" in found[(4, "payment_id", True)].reason
    assert found[(5, "amount", True)].value == "abc"
    assert "金额" in found[(5, "amount", True)].reason and "abc" in found[(5, "amount", True)].reason
    assert "所属期" in found[(5, "period", True)].reason
    assert "必填" in found[(8, "name", True)].reason
    rejected_rows = sorted({p.row for p in report.problems if p.rejected})
    assert rejected_rows == [4, 5, 8]


def test_invalid_ids_and_missing_standards_flag_but_keep_rows(hub, bundle):
    result = hub.import_bundle(bundle, as_of=AS_OF)
    report = result.reports["payments"]
    found = problems_of(report)
    assert "校验码" in found[(3, "id_number", False)].reason
    assert "没有此项目" in found[(6, "program", False)].reason
    assert "无有效的补助标准" in found[(7, "program", False)].reason
    assert report.rows_flagged == 3  # rows 3, 6, 7
    ids = dict(hub.con.execute(f"SELECT payment_id, id_number FROM {report.table}").fetchall())
    assert ids == {"P1": "430821199001011235", "P2": None, "P5": None, "P6": None}


def test_unreadable_bool_rejects_the_standard(hub, bundle):
    report = hub.import_bundle(bundle, as_of=AS_OF).reports["standards"]
    assert (report.encoding, report.rows_accepted, report.rows_rejected) == ("gb18030", 1, 1)
    assert "是" in problems_of(report)[(3, "requires_roll", True)].reason


def test_two_files_for_one_registry_is_a_bundle_error(hub, bundle):
    write_csv(bundle / "roll.xlsx", ["户编号"], [])
    with pytest.raises(BundleError, match="roll"):
        hub.import_bundle(bundle, as_of=AS_OF)


def test_catalogue_records_each_snapshot_and_its_problems(hub, bundle):
    first = hub.import_bundle(bundle, as_of=AS_OF).reports["roll"]
    rows = hub.con.execute("SELECT registry, table_name, sha256, file_format, encoding, rows_read, "
                           "rows_accepted, rows_rejected FROM snapshots WHERE id = ?",
                           [first.snapshot_id]).fetchone()
    assert rows == ("roll", first.table, first.sha256, "csv", "utf-8", 5, 3, 2)
    stored = hub.con.execute("SELECT count(*) FROM import_problems WHERE snapshot_id = ?",
                             [first.snapshot_id]).fetchone()[0]
    assert stored == first.problem_count == len(first.problems) > 0
    again = hub.import_file("roll", bundle / "roll.csv", as_of=AS_OF)
    assert again.reused and again.snapshot_id == first.snapshot_id
    write_csv(bundle / "roll.csv", ROLL_HEADER, ROLL_ROWS[:2])
    changed = hub.import_file("roll", bundle / "roll.csv", as_of=AS_OF)
    assert changed.snapshot_id > first.snapshot_id and changed.rows_read == 2
    assert hub.latest("roll")["id"] == changed.snapshot_id
    assert hub.con.execute(f"SELECT count(*) FROM {first.table}").fetchone()[0] == 3


def test_failure_mid_import_leaves_nothing_behind(hub, bundle, monkeypatch):
    hub.import_file("standards", bundle / "standards.csv", as_of=AS_OF)
    before = hub.con.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    tables_before = set(hub.con.execute("SELECT table_name FROM duckdb_tables()").fetchall())

    def crash(*args, **kwargs):  # fault injection after the snapshot table was written
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "check_standards", crash)
    with pytest.raises(RuntimeError):
        hub.import_file("payments", bundle / "payments.csv", as_of=AS_OF,
                        standards_table=hub.latest("standards")["table_name"])
    assert hub.con.execute("SELECT count(*) FROM snapshots").fetchone()[0] == before
    assert set(hub.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()) == tables_before
    assert hub.con.execute("SELECT count(*) FROM import_problems WHERE registry = 'payments'"
                           ).fetchone()[0] == 0
    monkeypatch.undo()
    report = hub.import_file("payments", bundle / "payments.csv", as_of=AS_OF)
    assert report.rows_accepted == 4


def test_hub_defaults_to_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("QINGFENG_HOME", str(tmp_path / "home"))
    with Hub() as hub:
        assert hub.path == str(tmp_path / "home" / "hub.duckdb")
    assert (tmp_path / "home" / "hub.duckdb").exists()


def test_the_hub_caps_duckdb_memory_by_setting(monkeypatch):
    from qingfeng.conf import ConfigError

    monkeypatch.setenv("QINGFENG_HUB_MEMORY", "1GB")
    with Hub(":memory:") as hub:
        assert hub.con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"  # 1e9 bytes
    monkeypatch.setenv("QINGFENG_HUB_MEMORY", "lots")
    with pytest.raises(ConfigError, match="QINGFENG_HUB_MEMORY"):
        Hub(":memory:")


def test_a_rerun_on_an_unchanged_file_reuses_without_hashing_it_again(hub, bundle, monkeypatch):
    first = hub.import_file("roll", bundle / "roll.csv", as_of=AS_OF)
    hashed = []
    monkeypatch.setattr(hub_module, "file_sha256", lambda path: hashed.append(path) or "x")
    again = hub.import_file("roll", bundle / "roll.csv", as_of=AS_OF)
    assert again.reused and again.snapshot_id == first.snapshot_id and again.sha256 == first.sha256
    assert hashed == []  # size, mtime and the file's ends identified it


def test_a_file_changed_in_place_is_hashed_and_imported_again(hub, bundle):
    path = bundle / "roll.csv"
    first = hub.import_file("roll", path, as_of=AS_OF)
    stat = path.stat()
    text = path.read_bytes()
    assert "沈".encode() in text
    path.write_bytes(text.replace("沈".encode(), "王".encode(), 1))  # same size: both 3 bytes in UTF-8
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    changed = hub.import_file("roll", path, as_of=AS_OF)
    assert not changed.reused and changed.sha256 != first.sha256
    assert changed.sha256 == hub_module.file_sha256(path)
