"""R12 (invalid ID on the roll) and R13 (enrolled in two households)."""

import pytest
from tests.engine.crosscheck_helpers import d, keys, make_id, run_rule

pytestmark = pytest.mark.usefixtures("rule_backend")  # each case on DuckDB and on Spark

A = make_id("19600101", "001")


def row(household, enrolled="2018-01-01", removed=None, id_number=A, name="张三", raw=None):
    return {"household_id": household, "name": name, "id_number": id_number, "id_number_raw": raw or id_number,
            "enrolled_on": d(enrolled), "removed_on": d(removed) if removed else None}


def test_r12_flags_invalid_and_empty_ids_by_household_and_name():
    hits = run_rule("R12", roll=[
        row("H1", id_number=None, raw="4.30821E+17"),
        row("H1", id_number=None, raw="", name="李四"),
        row("H2"),
    ])
    assert keys(hits) == {"H1|张三", "H1|李四"}
    raw = [r["id_number_raw"] for h in hits for r in h.evidence["records"] if h.name == "张三"]
    assert raw == ["4.30821E+17"]
    assert all(h.id_number is None and h.household_id == "H1" for h in hits)


@pytest.mark.parametrize("case, rows, fires", [
    ("two households at once", [row("H1"), row("H2", "2019-01-01")], True),
    ("moved: removed the day the new one starts", [row("H1", removed="2019-01-01"), row("H2", "2019-01-01")], False),
    ("removed the day after the new one starts", [row("H1", removed="2019-01-02"), row("H2", "2019-01-01")], True),
    ("same household twice is not R13", [row("H1"), row("H1", "2019-01-01")], False),
    ("different people", [row("H1"), row("H2", id_number=make_id("19600101", "002"))], False),
])
def test_r13_enrolled_twice(case, rows, fires):
    assert keys(run_rule("R13", roll=rows)) == ({A} if fires else set()), case


def test_r13_one_hit_listing_every_row_involved():
    rows = [row("H1"), row("H2", "2019-01-01"), row("H3", "2010-01-01", removed="2011-01-01"), row("H4", "2020-01-01")]
    (hit,) = run_rule("R13", roll=rows)
    involved = sorted((r["row"], r["household_id"]) for r in hit.evidence["records"])
    assert involved == [(2, "H1"), (3, "H2"), (5, "H4")]
    assert hit.household_id == "H1"
