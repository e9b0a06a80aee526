"""Fuzzy identity (§2): homophones including every reading of a 多音字."""

import duckdb
import pytest

from qingfeng.engine import identity
from qingfeng.engine.backends.duckdb import DuckDBBackend
from tests.engine.crosscheck_helpers import d, make_id, make_tables


@pytest.mark.parametrize("a, b, reading", [
    ("曾", "增", "zeng"), ("曾", "层", "ceng"), ("单", "善", "shan"), ("单", "丹", "dan"), ("单", "蝉", "chan"),
    ("解", "谢", "xie"), ("解", "姐", "jie"), ("区", "欧", "ou"), ("仇", "秋", "qiu"), ("仇", "愁", "chou"),
])
def test_polyphonic_characters_share_any_reading(a, b, reading):
    assert reading in identity.readings(a) & identity.readings(b)


def test_different_sounds_do_not_match():
    assert identity.same_sound("王", "张") is None
    assert identity.same_sound("A", "B") is None


def matches(deaths, roll, payments=()):
    con = duckdb.connect(":memory:")
    tables = make_tables(con, deaths=deaths, roll=roll, payments=list(payments), cadres=[])
    identity.build(DuckDBBackend(con), identity.SPECS["fuzzy_deaths"], tables, "m")
    return con.execute("SELECT l_row, r_registry, r_row, id_number, kind, l_char, r_char, pinyin "
                       "FROM m ORDER BY l_row, r_row").fetchall()


P1 = make_id("19400202", "001", "430821")
P2 = make_id("19400202", "002", "430821")


def death(name, birth="1940-02-02", village=None, id_number=None):
    return {"name": name, "birth_date": d(birth), "died_on": d("2020-01-01"), "village_code": village,
            "id_number": id_number}


def person(name, id_number=P1, village="430821100001", household="H1"):
    return {"household_id": household, "name": name, "id_number": id_number, "village_code": village}


def test_polyphonic_surname_matches_by_another_reading():
    rows = matches([death("单小红")], [person("善小红")])
    assert rows == [(2, "roll", 2, P1, "homophone", "单", "善", "shan")]


def test_equal_names_and_birth_dates_match_regardless_of_village_when_one_is_missing():
    assert [r[4] for r in matches([death("李四")], [person("李四", village=None)])] == ["name"]
    assert [r[4] for r in matches([death("李四")], [person("李四")])] == ["name"]


def test_village_codes_must_agree_when_both_exist():
    assert matches([death("李四", village="430821100002")], [person("李四")]) == []


def test_birth_date_comes_from_the_id_digits():
    assert matches([death("李四", birth="1940-02-03")], [person("李四")]) == []


def test_length_or_two_differences_do_not_match():
    assert matches([death("李四"), death("李小四"), death("礼似")], [person("李晓")]) == []


def test_rows_with_a_valid_id_are_not_matched_fuzzily():
    assert matches([death("李四", id_number=P2)], [person("李四")]) == []


def test_namesakes_both_match_and_payment_recipients_count():
    roll = [person("李四"), person("李四", P2, household="H2")]
    payments = [{"payment_id": "X1", "program": "低保金", "name": "李四", "id_number": P1,
                 "village_code": "430821100001", "amount": 1, "paid_on": d("2020-01-01")}]
    rows = matches([death("李四")], roll, payments)
    assert {(r[1], r[3]) for r in rows} == {("roll", P1), ("roll", P2), ("payments", P1)}
