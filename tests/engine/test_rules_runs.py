"""Runs are recorded in the hub and compared with the previous run by hit key."""

import duckdb

from qingfeng.engine import runner, runs
from qingfeng.engine.rulebook import Rulebook
from tests.engine.crosscheck_helpers import d, make_id, make_tables

A, B, C = make_id("19600101", "001"), make_id("19650505", "002"), make_id("19700707", "003")


def pay(pid, id_number, account):
    return {"payment_id": pid, "program": "低保金", "period": "2020-03", "name": "某", "id_number": id_number,
            "account": account, "amount": 100, "paid_on": d("2020-03-10")}


def test_a_run_is_recorded_with_params_versions_counts_and_new_and_gone_hits():
    con = duckdb.connect(":memory:")
    roll = [{"household_id": "H1", "name": "张三", "id_number": None, "id_number_raw": "x"}]
    tables = make_tables(con, roll=roll, payments=[pay("P1", A, "X"), pay("P2", B, "X"), pay("P3", C, "X")])

    first = runner.run(con, tables, rule_ids=["R10", "R12", "R03"])
    assert first.counts == {"R10": 1, "R12": 1}
    assert "R03" in first.skipped and "deaths" in first.skipped["R03"]
    assert first.new_keys == {"R10:X", "R12:H1|张三"} and first.gone_keys == set()

    second = runner.run(con, tables, params=["R10.min_recipients=4"], rule_ids=["R10", "R12"])
    assert second.previous_run_id == first.run_id
    assert second.counts == {"R10": 0, "R12": 1}
    assert second.new_keys == set() and second.gone_keys == {"R10:X"}

    record = runs.load(con, second.run_id)
    assert record["params"]["R10"] == {"min_recipients": 4, "min_households": 2}
    assert record["overrides"] == {"R10": {"min_recipients": 4}}
    assert record["rule_versions"] == {"R10": 1, "R12": 1}
    assert record["counts"] == {"R10": 0, "R12": 1} and set(record["timings"]) >= {"R10", "R12"}
    assert record["inputs"]["payments"]["table"] == "t_payments"
    stored = con.execute("SELECT rule, key FROM run_hits WHERE run_id = ?", [second.run_id]).fetchall()
    assert stored == [("R12", "R12:H1|张三")]


def test_skipped_rules_do_not_count_as_gone():
    con = duckdb.connect(":memory:")
    roll = [{"household_id": "H1", "name": "张三", "id_number": None}]
    tables = make_tables(con, roll=roll)
    runner.run(con, tables, rule_ids=["R12"])
    again = runner.run(con, tables, rule_ids=["R13"])
    assert again.gone_keys == set()


def test_no_temporary_tables_are_left_behind():
    con = duckdb.connect(":memory:")
    tables = make_tables(con, payments=[pay("P1", A, "X")])
    runner.run(con, tables)
    leftovers = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '\\_qf%' ESCAPE '\\'")
    assert leftovers.fetchall() == []


def test_views_read_by_one_rule_stay_views_and_are_dropped_with_the_settings_restored():
    con = duckdb.connect(":memory:")
    tables = make_tables(con, payments=[pay("P1", A, "X"), pay("P2", B, "X"), pay("P3", C, "X")])
    book = Rulebook.load()
    readers = book.view_readers([book.get("R03"), book.get("R10")])
    assert readers["person_household"] == 2 and readers["death_match"] == 1  # R10 via payment_household
    assert "fuzzy_deaths" not in readers  # built by identity.py, always a table
    con.execute("SET preserve_insertion_order = true")
    runner.run(con, tables, rule_ids=["R03"])  # person_household read by R03 alone: a view
    leftovers = con.execute("SELECT view_name FROM duckdb_views() WHERE view_name LIKE '\\_qf%' ESCAPE '\\'")
    assert leftovers.fetchall() == []
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0] is True
