"""Every normalisation of crosscheck.md §1, in Python and in DuckDB SQL alike."""

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from qingfeng.engine import normalize as n
from qingfeng.engine import sqlnorm

AS_OF = date(2024, 6, 30)


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    sqlnorm.install_macros(con)
    yield con
    con.close()


def sql(con, expr: str, value):
    return con.execute(f"SELECT {expr}", [value]).fetchone()[0]


# raw -> normalised valid ID (None when invalid), problem
ID_CASES = [
    ("430821199001011235", "430821199001011235", None),
    ("43082119900101123x", None, n.ID_BAD_CHECK),
    ("11010519491231002x", "11010519491231002X", None),
    ("110105194912310021", None, n.ID_BAD_CHECK),
    ("４３０８２１１９９００１０１１２３５", "430821199001011235", None),
    (" 430821 1990-0101-1235 ", "430821199001011235", None),
    ("'430821199001011235", "430821199001011235", None),
    ("430821-19900101-1235", "430821199001011235", None),
    ("430821900101123", "430821199001011235", None),  # 15-digit legacy
    ("110105491231002", "11010519491231002X", None),  # legacy whose check char is X
    ("4.30821E+17", None, n.ID_SCIENTIFIC),
    ("4.308211990010112e+17", None, n.ID_SCIENTIFIC),
    ("4.30821196001011E+17", None, n.ID_SCIENTIFIC),  # a number cell of Excel: 15 digits kept
    ("430821196001011000", None, n.ID_ROUNDED),  # the same cell formatted as an integer
    ("43082119900101123", None, n.ID_SHAPE),
    ("43082119900101123A", None, n.ID_SHAPE),
    ("430821199002301233", None, n.ID_BAD_DATE),  # 30 February
    ("430821189912311234", None, n.ID_BAD_DATE),  # before 1900
    ("430821202501011234", None, n.ID_BAD_DATE),  # after the day of the run
    ("", None, n.ID_EMPTY),
    (None, None, n.ID_EMPTY),
    ("  ", None, n.ID_EMPTY),
]


def test_check_char_examples():
    assert n.id_check_char("11010519491231002") == "X"
    assert n.id_check_char("43082119900101123") == "5"


@pytest.mark.parametrize("raw,valid,problem", ID_CASES)
def test_id(con, raw, valid, problem):
    result = n.normalize_id(raw, AS_OF)
    assert (result.value, result.problem) == (valid, problem)
    as_of = "DATE '2024-06-30'"
    assert sql(con, f"qf_id(?, {as_of})", raw) == valid
    assert sql(con, f"qf_id_problem(qf_id_clean(?), {as_of})", raw) == problem


NAME_CASES = [
    ("  张 三 ", "张三"),
    ("張\u3000三", "张三"),
    ("沈靜", "沈静"),  # character by character, not the phrase 沉静
    ("瀋陽", "沈阳"),
    ("阿卜杜•热合曼", "阿卜杜·热合曼"),
    ("阿卜杜・热合曼", "阿卜杜·热合曼"),
    ("阿卜杜.热合曼", "阿卜杜·热合曼"),
    ("阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("raw,expected", NAME_CASES)
def test_name(con, raw, expected):
    assert n.normalize_name(raw) == expected
    assert sql(con, "qf_name(?)", raw) == expected


DATE_CASES = [
    ("2018-03-05", date(2018, 3, 5)),
    ("2018/3/5", date(2018, 3, 5)),
    ("20180305", date(2018, 3, 5)),
    ("2018年3月5日", date(2018, 3, 5)),
    ("2018.03.05", date(2018, 3, 5)),
    ("43164", date(2018, 3, 5)),  # Excel serial
    ("43164.75", date(2018, 3, 5)),
    ("2018-03-05 14:30:00", date(2018, 3, 5)),
    ("2018-03-05T14:30", date(2018, 3, 5)),
    (" 2018-03-05 ", date(2018, 3, 5)),
    ("", None),
    (None, None),
]
BAD_DATES = ["2018-02-30", "2018-13-01", "20180230", "昨天", "2018-03", "05/03/2018"]


@pytest.mark.parametrize("raw,expected", DATE_CASES)
def test_date(con, raw, expected):
    assert n.parse_date(raw) == expected
    assert sql(con, "qf_date(?)", raw) == expected


@pytest.mark.parametrize("raw", BAD_DATES)
def test_unreadable_date(con, raw):
    with pytest.raises(ValueError, match="日期"):
        n.parse_date(raw)
    assert sql(con, "qf_date(?)", raw) is None


AMOUNT_CASES = [
    ("1200", Decimal("1200.00")),
    ("1,200.00", Decimal("1200.00")),
    ("1，200.5", Decimal("1200.50")),
    (" 95.5 ", Decimal("95.50")),
    ("¥300元", Decimal("300.00")),
    ("-50", Decimal("-50.00")),
    ("", None),
]


@pytest.mark.parametrize("raw,expected", AMOUNT_CASES)
def test_amount(con, raw, expected):
    assert n.parse_amount(raw) == expected
    assert sql(con, "qf_amount(?)", raw) == expected


@pytest.mark.parametrize("raw", ["一千", "12元5角", "1.2.3"])
def test_unreadable_amount(con, raw):
    with pytest.raises(ValueError, match="金额"):
        n.parse_amount(raw)
    assert sql(con, "qf_amount(?)", raw) is None


PERIOD_CASES = [
    ("2018-03", ("2018-03", date(2018, 3, 1), date(2018, 4, 1), "月")),
    ("201803", ("2018-03", date(2018, 3, 1), date(2018, 4, 1), "月")),
    ("2018年3月", ("2018-03", date(2018, 3, 1), date(2018, 4, 1), "月")),
    ("2018/12", ("2018-12", date(2018, 12, 1), date(2019, 1, 1), "月")),
    ("2018", ("2018", date(2018, 1, 1), date(2019, 1, 1), "年")),
    ("2018年", ("2018", date(2018, 1, 1), date(2019, 1, 1), "年")),
    ("2018年度", ("2018", date(2018, 1, 1), date(2019, 1, 1), "年")),
    ("2018Q2", ("2018Q2", date(2018, 4, 1), date(2018, 7, 1), "季")),
    ("2018q4", ("2018Q4", date(2018, 10, 1), date(2019, 1, 1), "季")),
    ("2018年第二季度", ("2018Q2", date(2018, 4, 1), date(2018, 7, 1), "季")),
    ("2018年第1季度", ("2018Q1", date(2018, 1, 1), date(2018, 4, 1), "季")),
    ("2018-03-01 00:00:00", ("2018-03", date(2018, 3, 1), date(2018, 4, 1), "月")),
]


@pytest.mark.parametrize("raw,expected", PERIOD_CASES)
def test_period(con, raw, expected):
    p = n.parse_period(raw)
    assert (p.label, p.start, p.end, p.unit) == expected
    row = sql(con, "qf_period(?)", raw)
    assert (row["label"], row["start"], row["end"], row["unit"]) == expected


@pytest.mark.parametrize("raw", ["2018-13", "2018Q5", "去年", "18年3月"])
def test_unreadable_period(con, raw):
    with pytest.raises(ValueError, match="所属期"):
        n.parse_period(raw)
    assert sql(con, "qf_period(?)", raw) is None


BOOL_CASES = [("是", True), ("否", False), ("1", True), ("0", False), ("TRUE", True),
              ("false", False), ("Y", True), ("n", False), ("", None)]


@pytest.mark.parametrize("raw,expected", BOOL_CASES)
def test_bool(con, raw, expected):
    assert n.parse_bool(raw) == expected
    assert sql(con, "qf_bool(?)", raw) == expected


def test_unreadable_bool(con):
    with pytest.raises(ValueError):
        n.parse_bool("也许")
    assert sql(con, "qf_bool(?)", "也许") is None


@pytest.mark.parametrize("raw,expected", [
    (" 4308 2110 0201 ", "430821100201"),
    ("'430821100201", "430821100201"),
    ("６２２８４８", "622848"),
    ("湘A·12345", "湘A·12345"),
    ("", None),
])
def test_code(con, raw, expected):
    assert n.clean_code(raw) == expected
    assert sql(con, "qf_code(?)", raw) == expected


@pytest.mark.parametrize("raw,expected", [(" 正常 ", "正常"), ("\u3000", None), (None, None)])
def test_text(con, raw, expected):
    assert n.clean_text(raw) == expected
    assert sql(con, "qf_text(?)", raw) == expected


def test_number(con):
    assert n.parse_number("1,234.5") == 1234.5
    assert sql(con, "qf_number(?)", "1,234.5") == 1234.5
    assert sql(con, "qf_number(?)", "九十") is None
