"""Every file format and encoding of crosscheck.md §1 reads to the same snapshot."""

from datetime import date, datetime

import duckdb
import pytest

from qingfeng.engine.hub import BundleError, Hub

from .import_helpers import ROLL_HEADER, ROLL_ROWS, write_csv, write_xlsx

AS_OF = date(2024, 6, 30)
EXPECTED = [  # _row, household_id, name, id_number, enrolled_on, removed_on
    (2, "H001", "沈静", "430821199001011235", date(2018, 3, 5), None),
    (3, "H001", "张三", "430821199001011235", date(2018, 3, 5), date(2020, 1, 1)),
    (4, "H002", "阿卜杜·热合曼", None, date(2018, 3, 5), None),
]


@pytest.fixture
def hub():
    with Hub(":memory:") as hub:
        yield hub


def snapshot(hub, report):
    return hub.con.execute(
        f"SELECT _row, household_id, name, id_number, enrolled_on, removed_on "
        f"FROM {report.table} ORDER BY _row").fetchall()


@pytest.mark.parametrize("encoding,detected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
])
def test_csv_encodings_are_detected(hub, tmp_path, encoding, detected):
    path = write_csv(tmp_path / "roll.csv", ROLL_HEADER, ROLL_ROWS, encoding)
    report = hub.import_file("roll", path, as_of=AS_OF)
    assert (report.file_format, report.encoding) == ("csv", detected)
    assert snapshot(hub, report) == EXPECTED
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (5, 3, 2)


def test_csv_with_blank_lines_and_ragged_rows_keeps_row_numbers(hub, tmp_path):
    path = tmp_path / "roll.csv"
    lines = [",".join(ROLL_HEADER), ",".join(ROLL_ROWS[0]), "", "H009,王五", ",".join(ROLL_ROWS[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = hub.import_file("roll", path, as_of=AS_OF)
    rows = hub.con.execute(f"SELECT _row, name FROM {report.table} ORDER BY _row").fetchall()
    assert rows == [(2, "沈静"), (4, "王五"), (5, "张三")]
    assert [(p.row, p.reason) for p in report.problems if p.rejected] == [(3, "空行")]


def test_english_headers_with_spaces_and_extra_columns(hub, tmp_path):
    header = [" household_id ", "NAME", "id_number", "备注"]
    path = write_csv(tmp_path / "roll.csv", header, [["H1", "王五", "430821199001011235", "低保户"]])
    report = hub.import_file("roll", path, as_of=AS_OF)
    row = hub.con.execute(f"SELECT household_id, name, id_number, _extra->>'备注', status "
                          f"FROM {report.table}").fetchone()
    assert row == ("H1", "王五", "430821199001011235", "低保户", None)
    assert "status" in report.missing_columns and "enrolled_on" in report.missing_columns
    assert "name" not in report.missing_columns
    assert hub.report(report.snapshot_id).missing_columns == report.missing_columns


def test_missing_required_column_names_file_and_column(hub, tmp_path):
    path = write_csv(tmp_path / "roll.csv", ["户编号", "证件号码"], [["H1", "430821199001011235"]])
    with pytest.raises(BundleError, match=r"roll\.csv.*姓名.*name"):
        hub.import_file("roll", path, as_of=AS_OF)


def test_unreadable_encoding_is_a_bundle_error(hub, tmp_path):
    path = tmp_path / "roll.csv"
    path.write_bytes("户编号,姓名\nH1,".encode("utf-8") + b"\x81\x20\xff\xff\n")
    with pytest.raises(BundleError, match="roll.csv"):
        hub.import_file("roll", path, as_of=AS_OF)


def test_xlsx_with_date_cells_and_numeric_id(hub, tmp_path):
    rows = [
        ["H001", "沈靜", "430821199001011235", "户主", "女", datetime(1990, 1, 1),
         430821100201, "城关镇", "东村", datetime(2018, 3, 5), None, "正常"],
        ["H001", "張 三", 430821900101123, "之子", "男", None, 430821100201,
         "城关镇", "东村", date(2018, 3, 5), datetime(2020, 1, 1, 8, 30), "迁出"],
        ["H002", "阿卜杜•热合曼", 430821199001011235, "户主", "男", None, 430821100202,
         "城关镇", "西村", 43164, None, "正常"],
    ]
    path = write_xlsx(tmp_path / "roll.xlsx", ROLL_HEADER, rows)
    report = hub.import_file("roll", path, as_of=AS_OF)
    assert report.file_format == "xlsx"
    assert snapshot(hub, report) == EXPECTED
    numeric_id = [p for p in report.problems if p.row == 4 and p.column == "id_number"]
    assert "科学计数法" in numeric_id[0].reason and not numeric_id[0].rejected
    codes = hub.con.execute(f"SELECT village_code, birth_date FROM {report.table} "
                            f"ORDER BY _row").fetchall()
    assert codes[0] == ("430821100201", date(1990, 1, 1))


def test_parquet_typed_and_text_columns(hub, tmp_path):
    path = tmp_path / "payments.parquet"
    duckdb.sql("""
        COPY (SELECT * FROM (VALUES
          ('P1', '低保金', DATE '2018-03-01', '张三', 430821199001011235, 'H1', 1200.5, DATE '2018-03-05'),
          ('P2', '低保金', DATE '2018-04-01', '李四', NULL, 'H2', 300, DATE '2018-04-05'))
          t("发放流水号", "项目名称", "资金所属期", "领取人姓名", "领取人证件号码", "户编号",
            "发放金额", "发放日期"))
        TO '""" + str(path) + "' (FORMAT parquet)")
    text_path = tmp_path / "text.parquet"
    duckdb.sql(f"""COPY (SELECT 'P3' AS payment_id, '低保金' AS program, '2018Q2' AS period,
        '王五' AS name, '1,200.00' AS amount, '2018/4/5' AS paid_on) TO '{text_path}' (FORMAT parquet)""")
    typed = hub.import_file("payments", path, as_of=AS_OF)
    text = hub.import_file("payments", text_path, as_of=AS_OF)
    rows = hub.con.execute(f"""SELECT payment_id, period, period_unit, id_number, amount, paid_on
        FROM {typed.table} UNION ALL SELECT payment_id, period, period_unit, id_number, amount,
        paid_on FROM {text.table} ORDER BY payment_id""").fetchall()
    assert [r[:4] for r in rows] == [("P1", "2018-03", "月", "430821199001011235"),
                                     ("P2", "2018-04", "月", None), ("P3", "2018Q2", "季", None)]
    assert [str(r[4]) for r in rows] == ["1200.50", "300.00", "1200.00"]
    assert [r[5] for r in rows] == [date(2018, 3, 5), date(2018, 4, 5), date(2018, 4, 5)]
    assert typed.file_format == "parquet" and typed.rows_accepted == 2


def test_gb18030_found_past_the_first_chunk(hub, tmp_path, monkeypatch):
    """A GBK file whose first chunk is plain ASCII: DuckDB's UTF-8 check catches it."""
    from qingfeng.engine import readers

    monkeypatch.setattr(readers, "CHUNK", 64)  # the ASCII header and row fill the first chunk
    header = ["household_id", "name", "id_number", "enrolled_on"]
    rows = [["H001", "Wang Wu", "430821199001011235", "2018-03-05"],
            ["H002", "沈靜", "430821900101123", "2018年3月5日"]]
    report = hub.import_file("roll", write_csv(tmp_path / "roll.csv", header, rows, "gbk"), as_of=AS_OF)
    assert report.encoding == "gb18030"
    assert hub.con.execute(f"SELECT _row, name, id_number, enrolled_on FROM {report.table} "
                           f"ORDER BY _row").fetchall() == [
        (2, "WangWu", "430821199001011235", date(2018, 3, 5)),
        (3, "沈静", "430821199001011235", date(2018, 3, 5))]


def test_blank_rows_need_every_cell_blank(hub, tmp_path):
    rows = [[" ", "王五", "", "", "", "", "", "", "", "", "", ""],  # household_id empty: rejected
            ["", " ", "\u3000", "", "", "", "", "", "", "", "", ""],  # blank
            ["H1", "李四", "", "", "", "", "", "", "", "", "", ""]]
    for path in (write_csv(tmp_path / "roll.csv", ROLL_HEADER, rows),
                 write_xlsx(tmp_path / "roll.xlsx", ROLL_HEADER, rows)):
        report = hub.import_file("roll", path, as_of=AS_OF)
        rejected = sorted((p.row, p.column) for p in report.problems if p.rejected)
        assert rejected == [(2, "household_id"), (3, "")], path.suffix
        assert report.rows_accepted == 1


def test_xlsx_column_of_mixed_numbers_and_text(hub, tmp_path):
    rows = [[1001, "王五"], ["H 1002", "李四"], [1003.5, "赵六"], [True, "钱七"]]
    report = hub.import_file("roll", write_xlsx(tmp_path / "roll.xlsx", ROLL_HEADER[:2], rows),
                             as_of=AS_OF)
    assert hub.con.execute(f"SELECT household_id FROM {report.table} ORDER BY _row").fetchall() == [
        ("1001",), ("H1002",), ("1003.5",), ("true",)]


def test_ids_names_and_codes_are_stored_zstd_few_valued_texts_by_default(tmp_path):
    # The storage choice that halves the CPU of writing these columns (importer.mostly_distinct).
    rows = [[f"H{i:05d}", f"姓名{i}", "430821199001011235", "户主", "女", "1990-01-01", "430821100201",
             "城关镇", "东村", "2018-03-05", "", "正常"] for i in range(3000)]
    with Hub(tmp_path / "hub.duckdb") as hub:
        report = hub.import_file("roll", write_csv(tmp_path / "roll.csv", ROLL_HEADER, rows), AS_OF)
        hub.con.execute("CHECKPOINT")
        stored = dict(hub.con.execute(
            f"SELECT column_name, list(DISTINCT compression) FROM pragma_storage_info('{report.table}') "
            "WHERE segment_type = 'VARCHAR' GROUP BY ALL").fetchall())
    assert all(stored[c] == ["ZSTD"] for c in ("household_id", "name", "id_number", "id_number_raw")), stored
    assert "ZSTD" not in stored["township"] and "ZSTD" not in stored["village_code"], stored
