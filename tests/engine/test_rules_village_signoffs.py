"""R15 and R17 with the application's sign-offs (民主理财 at a monthly meeting): an entry signed
off on or after its booking date counts as reviewed; one signed off before does not, and the
hit shows the meeting date. Without sign-offs (a plain bundle run) the `reviewed` column alone."""

from datetime import date

import duckdb
import pytest

from qingfeng.engine import runner, runs
from tests.engine.crosscheck_helpers import d, keys, make_tables, run_on_test_backend
from tests.engine.test_rules_village import OTHER_VILLAGE, VILLAGE, entry, split

pytestmark = pytest.mark.usefixtures("rule_backend")  # each case on DuckDB and on Spark


def run(rule_id, books, signoffs=None):
    con = duckdb.connect(":memory:")
    tables = make_tables(con, village_books=books)
    result = run_on_test_backend(con, tables, rule_ids=[rule_id], signoffs=signoffs)
    return result, runs.load(con, result.run_id)


def hits_of(rule_id, books, signoffs=None):
    return run(rule_id, books, signoffs)[0].hits


BIG = entry("V1", "6000.00", booked="2024-03-10")  # unreviewed: R15's


@pytest.mark.parametrize("case, signoffs, fires", [
    ("no sign-off", [], True),
    ("signed off the day it was booked", [(VILLAGE, "V1", d("2024-03-10"))], False),
    ("signed off at the next month's meeting", [(VILLAGE, "V1", d("2024-04-08"))], False),
    ("signed off the day before the booking: does not count", [(VILLAGE, "V1", d("2024-03-09"))], True),
    ("another village's entry V1 signed off", [(OTHER_VILLAGE, "V1", d("2024-04-08"))], True),
    ("another voucher signed off", [(VILLAGE, "V2", d("2024-04-08"))], True),
    ("voucher and code as typed, spaces and all", [(f" {VILLAGE} ", " V 1", d("2024-04-08"))], False),
])
def test_r15_counts_a_meeting_sign_off_as_review(case, signoffs, fires):
    assert keys(hits_of("R15", [BIG], signoffs)) == ({f"{VILLAGE}/V1"} if fires else set()), case


def test_r15_hit_shows_a_sign_off_dated_before_the_booking():
    (hit,) = hits_of("R15", [BIG], [(VILLAGE, "V1", d("2024-03-01"))])
    (rec,) = hit.evidence["records"]
    assert rec["signed_off_early"] == "2024-03-01" and rec["reviewed"] == "空"
    (plain,) = hits_of("R15", [BIG])
    assert "signed_off_early" not in plain.evidence["records"][0]  # a NULL fact is left out


def test_a_plain_run_has_no_sign_offs_and_the_application_s_run_records_them():
    result, record = run("R15", [BIG])
    assert keys(result.hits) == {f"{VILLAGE}/V1"} and "village_signoffs" not in record["inputs"]
    result, record = run("R15", [BIG], [(VILLAGE, "V1", d("2024-03-20")), (VILLAGE, "V9", d("2024-03-20")),
                                        (VILLAGE, "", d("2024-03-20"))])
    assert result.hits == [] and record["inputs"]["village_signoffs"] == {"source": "application", "rows": 2}
    assert record["rule_versions"] == {"R15": 2}


def test_the_reviewed_column_still_counts_with_sign_offs_given():
    reviewed = entry("V1", "6000.00", booked="2024-03-10", reviewed=True)
    assert hits_of("R15", [reviewed], [(VILLAGE, "V2", d("2024-03-20"))]) == []


PARTS = [split("V1", "2500.00", "2024-03-01"), split("V2", "2600.00", "2024-03-12")]  # 5,100: R17's


@pytest.mark.parametrize("case, signoffs, flagged", [
    ("no sign-off", [], {"V1", "V2"}),
    ("one part signed off: the rest (2,500) is below 5,000", [(VILLAGE, "V2", d("2024-04-06"))], set()),
    ("one part signed off before its booking: still counted", [(VILLAGE, "V2", d("2024-03-11"))], {"V1", "V2"}),
    ("the other village's V2 signed off", [(OTHER_VILLAGE, "V2", d("2024-04-06"))], {"V1", "V2"}),
])
def test_r17_counts_a_meeting_sign_off_as_review(case, signoffs, flagged):
    assert keys(hits_of("R17", PARTS, signoffs)) == {f"{VILLAGE}/{v}" for v in flagged}, case


def test_r17_group_lists_the_signed_off_parts_with_their_meeting():
    rows = [split("V1", "3000.00", "2024-03-01"), split("V2", "2000.00", "2024-03-02"),
            split("V3", "1000.00", "2024-03-03"), split("V4", "900.00", "2024-03-04")]
    hits = hits_of("R17", rows, [(VILLAGE, "V3", d("2024-04-06")), (VILLAGE, "V4", d("2024-03-01"))])
    assert keys(hits) == {f"{VILLAGE}/V1", f"{VILLAGE}/V2", f"{VILLAGE}/V4"}  # V4's sign-off predates it
    hit = next(h for h in hits if h.record == f"{VILLAGE}/V1")
    group = hit.evidence["group"]
    assert (group["expenses"], group["total"]) == (3, 5900.0)  # 3,000 + 2,000 + 900
    assert group["signed_off"] == [{"voucher_no": "V3", "amount": 1000.0, "meeting_on": "2024-04-06"}]
    early = {r["voucher_no"]: r.get("signed_off_early") for r in hit.evidence["records"]}
    assert early == {"V1": None, "V2": None, "V4": "2024-03-01"}


def test_r17_without_sign_offs_has_no_signed_off_list():
    (hit, _) = hits_of("R17", PARTS)
    assert "signed_off" not in hit.evidence["group"] and hit.evidence["group"]["total"] == 5100.0


def test_the_sign_off_relation_is_no_registry_of_a_bundle():
    from qingfeng.engine.rulebook import RuleError
    con = duckdb.connect(":memory:")
    tables = make_tables(con, village_books=[BIG])
    with pytest.raises(RuleError, match="village_signoffs"):
        runner.run(con, {**tables, "village_signoffs": tables["village_books"]}, rule_ids=["R15"])
    assert date(2024, 3, 10) == BIG["booked_on"]
