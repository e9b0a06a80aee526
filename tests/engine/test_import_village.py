"""Importing village_books and village_bank (crosscheck.md §1 and §5): encodings,
formats, normalisation of counterparties and their IDs, and bad rows reported by
row, column and reason; then `qingfeng crosscheck` writes the `record` column."""

import csv
import json
from datetime import date
from decimal import Decimal

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from qingfeng.cli import main
from qingfeng.engine import normalize as n
from qingfeng.engine.hub import Hub
from tests.engine.crosscheck_helpers import make_id
from tests.engine.import_helpers import write_csv, write_xlsx

AS_OF = date(2025, 1, 1)
V = "430821101201"
PERSON = make_id("19800101", "123")
LEGACY = PERSON[:6] + PERSON[8:17]  # the same person's 15-digit number
USCC = "91430821MA4L000014"
BOOKS_HEADER = ["凭证号", "行政区划代码", "记账日期", "收支", "科目", "摘要", "金额", "收付对象", "收付对象证件号码",
                "结算方式", "民主理财审核"]
BOOKS_ROWS = [
    ["记-001", V, "2024/3/5", "支出", "公益支出", "修路", "6,000.00", "張 三", LEGACY, "现金", ""],  # row 2
    ["记-002", V, "20240306", "支出", "管理费用", "办公", "100", "青枫建材有限公司", USCC.lower(), "转账", "是"],
    ["记-001", "430821101202", "2024年3月7日", "收入", "经营收入", "租金", "100", "王五", "", "其他", "否"],  # ok: other village
    ["记-001", V, "2024-03-08", "支出", "公益支出", "重复", "1", "李四", "", "转账", "否"],  # duplicate of row 2
    ["记-005", V, "2024-03-09", "收支", "x", "y", "1", "李四", "", "转账", "否"],  # bad direction
    ["记-006", V, "2024-03-09", "支出", "x", "y", "-5", "李四", "", "转账", "否"],  # not positive
    ["记-007", V, "2024-03-09", "支出", "x", "y", "5", "李四", "12345", "支票", "否"],  # flagged twice, kept
    ["记-008", V, "不详", "支出", "x", "y", "5", "李四", "", "转账", "否"],  # unreadable date
    ["记-009", V, "2024-03-09", "支出", "x", "y", "5", "李四", "", "转账", "也许"],  # reviewed not 是/否
]
BANK_HEADER = ["交易流水号", "行政区划代码", "交易日期", "收支", "金额", "对方户名", "对方账号", "摘要"]
BANK_ROWS = [
    ["T1", V, "2024-03-05", "支出", "6,000.00", "張三", "6230 0000 1111", "修路款"],
    ["T2", V, "2024.03.06", "收入", "1,200.50", "慈利縣青楓建材有限公司", "6230000022", "租金"],
    ["T1", V, "2024-03-07", "收入", "5", "王五", "", "重复"],
    ["T4", V, "", "收入", "5", "王五", "", "无日期"],
]


@pytest.fixture
def hub(tmp_path):
    with Hub(tmp_path / "hub.duckdb") as h:
        yield h


def problems(report) -> dict:
    return {(p.row, p.column): p for p in report.problems}


def rows_of(hub, report) -> dict:
    cur = hub.con.execute(f"SELECT * FROM {report.table} ORDER BY _row")
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}


def test_gbk_books_are_read_and_every_bad_row_is_named(hub, tmp_path):
    path = write_csv(tmp_path / "village_books.csv", BOOKS_HEADER, BOOKS_ROWS, encoding="gb18030")
    report = hub.import_file("village_books", path, AS_OF)
    assert report.encoding == "gb18030"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (9, 4, 5)
    assert report.rows_read == report.rows_accepted + report.rows_rejected
    found = problems(report)
    assert "同一行政区划代码内重复（与第2行相同）" in found[(5, "voucher_no")].reason and found[(5, "voucher_no")].rejected
    assert "应为收入、支出之一" in found[(6, "direction")].reason and found[(6, "direction")].rejected
    assert "应为正数" in found[(7, "amount")].reason and found[(7, "amount")].value == "-5"
    assert "无法识别的日期" in found[(9, "booked_on")].reason and found[(9, "booked_on")].rejected
    assert "应为“是”或“否”" in found[(10, "reviewed")].reason and found[(10, "reviewed")].rejected
    # an unknown method and an ID that is neither a resident ID nor a USCC: reported, the row kept
    assert not found[(8, "method")].rejected and "应为转账、现金、其他之一" in found[(8, "method")].reason
    assert not found[(8, "counterparty_id")].rejected
    assert n.PARTY_BAD in found[(8, "counterparty_id")].reason
    assert report.rows_flagged == 1
    rows = rows_of(hub, report)
    assert sorted(rows) == [2, 3, 4, 8]
    first = rows[2]
    assert (first["counterparty"], first["counterparty_id"], first["counterparty_id_uscc"]) == ("张三", PERSON, None)
    assert first["counterparty_id_raw"] == LEGACY and first["amount"] == Decimal("6000.00")
    assert first["booked_on"] == date(2024, 3, 5) and first["reviewed"] is None and first["method"] == "现金"
    company = rows[3]
    assert (company["counterparty_id"], company["counterparty_id_uscc"]) == (None, USCC)
    assert company["reviewed"] is True and company["booked_on"] == date(2024, 3, 6)
    assert rows[4]["village_code"] == "430821101202" and rows[4]["voucher_no"] == "记-001"
    assert rows[8]["method"] == "支票" and rows[8]["counterparty_id"] is None


def test_gbk_statements_with_traditional_counterparties(hub, tmp_path):
    path = write_csv(tmp_path / "village_bank.csv", BANK_HEADER, BANK_ROWS, encoding="gbk")
    report = hub.import_file("village_bank", path, AS_OF)
    assert report.encoding == "gb18030"
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (4, 2, 2)
    found = problems(report)
    assert "重复（与第2行相同）" in found[(4, "txn_id")].reason
    assert "必填列为空" in found[(5, "txn_on")].reason
    rows = rows_of(hub, report)
    assert rows[2]["counterparty"] == "张三" and rows[2]["counterparty_account"] == "623000001111"
    assert rows[3]["counterparty"] == "慈利县青枫建材有限公司"
    assert rows[3]["amount"] == Decimal("1200.50") and rows[3]["txn_on"] == date(2024, 3, 6)


def test_utf8_bom_and_english_headers(hub, tmp_path):
    header = ["txn_id", " village_code ", "txn_on", "direction", "amount", "counterparty"]
    path = tmp_path / "village_bank.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join([",".join(header), f"T9,{V},2024-01-02,支出,10,甲"]) + "\n").encode())
    report = hub.import_file("village_bank", path, AS_OF)
    assert report.encoding == "utf-8-sig" and report.rows_accepted == 1
    assert set(report.missing_columns) == {"counterparty_account", "memo"}


def test_xlsx_books_with_excel_dates_and_numbers(hub, tmp_path):
    rows = [["记-1", V, date(2024, 3, 5), "支出", "公益支出", "x", 6000, "沈靜", PERSON.lower(), "现金", "否"],
            ["记-2", V, 45356, "支出", "公益支出", "x", "1,000.00", "阿卜杜.热合曼", "", "转账", None]]
    report = hub.import_file("village_books", write_xlsx(tmp_path / "village_books.xlsx", BOOKS_HEADER, rows), AS_OF)
    assert (report.rows_read, report.rows_accepted) == (2, 2), report.problems
    got = rows_of(hub, report)
    assert got[2]["booked_on"] == date(2024, 3, 5) and got[2]["amount"] == Decimal("6000.00")
    assert got[2]["counterparty"] == "沈静" and got[2]["counterparty_id"] == PERSON and got[2]["reviewed"] is False
    assert got[3]["booked_on"] == date(2024, 3, 5) and got[3]["counterparty"] == "阿卜杜·热合曼"


def test_typed_parquet_statements(hub, tmp_path):
    table = pa.table({"交易流水号": ["T1", "T2"], "行政区划代码": [V, V],
                      "交易日期": pa.array([date(2024, 3, 5), date(2024, 4, 1)], pa.date32()),
                      "收支": ["支出", "收入"], "金额": pa.array([6000.0, 0.01]), "对方户名": ["張三", None]})
    pq.write_table(table, tmp_path / "village_bank.parquet")
    report = hub.import_file("village_bank", tmp_path / "village_bank.parquet", AS_OF)
    assert (report.rows_read, report.rows_accepted) == (2, 2)
    got = rows_of(hub, report)
    assert got[2]["amount"] == Decimal("6000.00") and got[3]["amount"] == Decimal("0.01")
    assert got[2]["counterparty"] == "张三" and got[3]["txn_on"] == date(2024, 4, 1)


def test_party_ids_python_reference():
    assert n.normalize_party(LEGACY, AS_OF).id_number == PERSON
    assert n.normalize_party(" " + USCC.lower() + " ", AS_OF).uscc == USCC
    assert n.normalize_party("", AS_OF) == n.PartyResult(None, None, None)
    assert n.normalize_party(USCC[:-1] + "5", AS_OF).problem.startswith(n.PARTY_BAD)


def test_crosscheck_writes_the_record_column_for_every_rule(tmp_path, capsys):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write_csv(bundle / "village_books.csv", BOOKS_HEADER, BOOKS_ROWS[:3], encoding="gb18030")
    write_csv(bundle / "village_bank.csv", BANK_HEADER, BANK_ROWS[:2])
    write_csv(bundle / "roll.csv", ["户编号", "姓名", "证件号码"], [["H1", "赵六", "4.30821E+17"]])
    out = tmp_path / "hits.csv"
    assert main(["crosscheck", str(bundle), "--out", str(out), "--hub", str(tmp_path / "hub.duckdb"),
                 "--as-of", AS_OF.isoformat()]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        hits = list(csv.DictReader(f))
    assert "record" in hits[0]
    found = {(h["rule"], h["record"], h["household_id"]) for h in hits}
    # R14: T2 (income 1,200.50) has no entry; T1 matches 记-001. R15 and R16: 记-001 (6,000 cash, not reviewed).
    assert found == {("R12", "", "H1"), ("R14", "T2", ""), ("R15", f"{V}/记-001", ""), ("R16", f"{V}/记-001", "")}
    r15 = next(h for h in hits if h["rule"] == "R15")
    assert r15["id_number"] == PERSON and r15["name"] == "张三"
    assert json.loads(r15["evidence"])["records"][0]["row"] == 2
    printed = capsys.readouterr().out
    assert "village_books 村级财务收支明细" in printed and "R18" in printed and "已跳过" in printed
