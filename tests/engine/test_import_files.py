"""Real-world files: .xls and .ods, Chinese file names, names recognised by the header row,
a registry split over several files (one snapshot, per-file accounting) and IDs Excel rounded."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from qingfeng.engine import normalize, series
from qingfeng.engine.bundlefiles import bundle_files, recognise
from qingfeng.engine.hub import BundleError, Hub
from qingfeng.engine.schema import REGISTRIES, registry_of_name

from .import_helpers import ROLL_HEADER, write_csv, write_xlsx

FILES = Path(__file__).parent / "files"
AS_OF = date(2024, 6, 30)
PAY_HEADER = ["发放流水号", "项目名称", "资金所属期", "领取人姓名", "领取人证件号码", "发放金额", "发放日期"]
GOOD_ID = "430821199001011235"


@pytest.fixture
def hub(tmp_path):
    with Hub(tmp_path / "hub.duckdb") as hub:
        yield hub


def rows_of(hub, report, columns):
    return hub.con.execute(f"SELECT {columns} FROM {report.table} ORDER BY _row").fetchall()


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_read_text_numbers_and_excel_dates(hub, suffix):
    report = hub.import_file("roll", FILES / f"保障对象名册{suffix}", AS_OF)
    assert report.file_format == suffix[1:]
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (3, 3, 0)
    rows = rows_of(hub, report, "household_id, name, id_number, birth_date, enrolled_on, village")
    assert rows[0] == ("1001", "张三", "430821196001011231", date(1960, 1, 1), date(2018, 3, 1), "桃园村")
    assert rows[1][3:5] == (date(1971, 2, 3), date(2019, 7, 15))
    assert rows[2][2] is None  # the ID typed as a number: lost, and said so
    [rounded] = [p for p in report.problems if p.column == "id_number"]
    assert rounded.row == 4 and rounded.file == f"保障对象名册{suffix}"
    assert "Excel" in rounded.reason and "文本格式" in rounded.reason and "15位有效数字" in rounded.reason


def test_an_id_excel_rounded_to_three_zeros_is_named_so(hub, tmp_path):
    path = write_csv(tmp_path / "deaths.csv", ["姓名", "证件号码", "死亡日期"], [
        ["王五", "430821196001011000", "2020-01-01"], ["赵六", "430821199001011234", "2020-01-01"]])
    report = hub.import_file("deaths", path, AS_OF)
    reasons = {p.row: p.reason for p in report.problems if p.column == "id_number"}
    assert normalize.ID_ROUNDED in reasons[2]
    assert normalize.ID_BAD_CHECK in reasons[3]  # a wrong check digit not ending in 000: as before


@pytest.mark.parametrize("key", list(REGISTRIES))
def test_every_registry_is_named_by_its_key_or_its_chinese_name(key):
    zh = REGISTRIES[key].zh
    assert registry_of_name(key) == (key, False)
    assert registry_of_name(zh) == (key, False)
    assert registry_of_name(f"{zh}_2018-01") == (key, True)
    assert registry_of_name(f"{key.upper()}-2018-02") == (key, True)


def test_chinese_names_are_other_registries_not_prefixes():
    assert registry_of_name("保障对象名册表") == (None, False)  # no separator: another name
    assert registry_of_name("村干部") == (None, False)


def test_a_bundle_of_chinese_named_files_in_mixed_formats(hub, tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy(FILES / "保障对象名册.xls", bundle)
    write_xlsx(bundle / "死亡人员信息.xlsx", ["姓名", "证件号码", "死亡日期"], [["张三", GOOD_ID, date(2020, 5, 1)]])
    write_csv(bundle / "车辆登记信息.csv", ["号牌号码", "所有人", "所有人证件号码"], [["湘A12345", "张三", GOOD_ID]])
    result = hub.import_bundle(bundle, AS_OF)
    assert set(result.reports) == {"roll", "deaths", "vehicles"}
    assert result.reports["deaths"].rows_accepted == 1 and result.reports["roll"].rows_read == 3


def test_an_unknown_name_is_recognised_by_its_header_row(hub, tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write_csv(bundle / "2024年3月导出.csv", PAY_HEADER, [["P1", "低保金", "2018-03", "张三", GOOD_ID, "300", "2018-03-05"]])
    files, ignored = bundle_files(bundle)
    assert files == {"payments": [bundle / "2024年3月导出.csv"]} and ignored == {}
    assert hub.import_bundle(bundle, AS_OF).reports["payments"].rows_accepted == 1


def test_an_ambiguous_or_unrecognisable_header_is_ignored_with_why(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write_csv(bundle / "名单.csv", ["姓名", "备注"], [["张三", ""]])  # fits employees and cadres alike
    write_csv(bundle / "统计.csv", ["乡镇", "人数"], [["城关镇", "3"]])
    (bundle / "说明.txt").write_text("readme", encoding="utf-8")
    files, ignored = bundle_files(bundle)
    assert files == {}
    assert "无法确定" in ignored["名单.csv"] and "财政供养人员信息" in ignored["名单.csv"]
    assert "必填列" in ignored["统计.csv"]
    assert "不是登记表文件" in ignored["说明.txt"]


def test_recognise_prefers_the_registry_the_header_covers_best():
    # name + died_on: deaths; name alone also fits employees/cadres, but covers less
    assert recognise(["姓名", "证件号码", "死亡日期", "数据来源"]) == ("deaths", "")
    assert recognise(ROLL_HEADER) == ("roll", "")


def test_a_named_file_wins_its_registry_over_a_recognised_one(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write_csv(bundle / "payments.csv", PAY_HEADER, [])
    write_csv(bundle / "导出.csv", PAY_HEADER, [])
    files, ignored = bundle_files(bundle)
    assert files == {"payments": [bundle / "payments.csv"]} and "已有文件" in ignored["导出.csv"]


def test_two_files_claiming_one_registry_without_being_a_series_are_an_error(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write_csv(bundle / "roll.csv", ROLL_HEADER, [])
    write_csv(bundle / "保障对象名册.csv", ROLL_HEADER, [])
    with pytest.raises(BundleError, match="两个文件"):
        bundle_files(bundle)
    (bundle / "保障对象名册.csv").rename(bundle / "保障对象名册_2.csv")  # a part beside a whole file
    with pytest.raises(BundleError, match="两个文件"):
        bundle_files(bundle)


def _payment(pid, name, amount="300", paid_on="2018-03-05"):
    return [pid, "低保金", "2018-03", name, GOOD_ID, amount, paid_on]


def _split_payments(bundle: Path, as_folder: bool) -> list[str]:
    """Three parts in three formats; the second has a bad amount (its row 3) and a
    duplicate of the first part's P1 (its row 2), the third its columns in another order."""
    where = bundle / "payments" if as_folder else bundle
    where.mkdir(parents=True, exist_ok=True)
    stem = "part" if as_folder else "资金发放明细"
    names = [f"{stem}_2018-01.csv", f"{stem}_2018-02.xlsx", f"{stem}_2018-03.xls"]
    write_csv(where / names[0], PAY_HEADER, [_payment("P1", "张三"), _payment("P2", "李四")])
    write_xlsx(where / names[1], PAY_HEADER, [_payment("P1", "王五"), _payment("P3", "赵六", "abc")])
    shutil.copy(FILES / "资金发放明细_2018-03.xls", where / names[2])  # columns in another order
    return names


@pytest.mark.parametrize("as_folder", [False, True], ids=["name-series", "folder"])
def test_a_split_registry_is_one_snapshot_with_per_file_accounting(hub, tmp_path, as_folder):
    bundle = tmp_path / "bundle"
    names = _split_payments(bundle, as_folder)
    result = hub.import_bundle(bundle, AS_OF)
    report = result.reports["payments"]
    assert [(f.file, f.rows_read, f.rows_accepted, f.rows_rejected) for f in report.files] == [
        (names[0], 2, 2, 0), (names[1], 2, 0, 2), (names[2], 1, 1, 0)]
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (5, 3, 2)
    assert report.file_format == "csv+xls+xlsx"
    rejected = {(p.file, p.row, p.column) for p in report.problems if p.rejected}
    assert rejected == {(names[1], 2, "payment_id"), (names[1], 3, "amount")}
    rows = rows_of(hub, report, f"_file, _row % {series.ROW_BASE}, payment_id, amount, paid_on")
    assert sorted(rows) == sorted([(names[0], 2, "P1", 300, date(2018, 3, 5)), (names[0], 3, "P2", 300, date(2018, 3, 5)),
                                   (names[2], 2, "P4", 300, date(2018, 3, 5))])
    again = hub.report(report.snapshot_id)  # the catalogue keeps the per-file counts and files
    assert again.files == report.files and {(p.file, p.row) for p in again.problems} == {
        (p.file, p.row) for p in report.problems}


def test_a_split_registry_unchanged_reuses_its_snapshot(hub, tmp_path):
    bundle = tmp_path / "bundle"
    _split_payments(bundle, as_folder=False)
    first = hub.import_bundle(bundle, AS_OF).reports["payments"]
    second = hub.import_bundle(bundle, AS_OF).reports["payments"]
    assert second.reused and second.snapshot_id == first.snapshot_id


def test_a_part_without_a_required_column_names_that_part(hub, tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write_csv(bundle / "payments_2018-01.csv", PAY_HEADER, [_payment("P1", "张三")])
    write_csv(bundle / "payments_2018-02.csv", PAY_HEADER[:-1], [_payment("P2", "李四")[:-1]])
    with pytest.raises(BundleError, match="^payments_2018-02.csv：缺少必填列“发放日期”"):
        hub.import_bundle(bundle, AS_OF)
    assert hub.latest("payments") is None


def test_the_cli_summary_has_a_line_per_part_and_problems_name_their_file(hub, tmp_path, capsys):
    from qingfeng.engine.cli import print_import_summary

    bundle = tmp_path / "bundle"
    names = _split_payments(bundle, as_folder=False)
    write_csv(bundle / "名单.csv", ["姓名", "备注"], [["张三", ""]])
    print_import_summary(hub.import_bundle(bundle, AS_OF))
    out = capsys.readouterr().out
    part_lines = [line.split() for line in out.splitlines() if line.strip().startswith("资金发放明细_")]
    assert part_lines == [[names[0], "2", "2", "0"], [names[1], "2", "0", "2"], [names[2], "1", "1", "0"]]
    assert f"拒绝 {names[1]} 第 3 行" in out
    assert "名单.csv: 文件名不是登记表名称" in out
