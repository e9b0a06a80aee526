"""R03, R07, R08, R09, R10, R11: payment rules."""

import pytest

from tests.engine.crosscheck_helpers import d, keys, make_id, run_rule

pytestmark = pytest.mark.usefixtures("rule_backend")  # each case on DuckDB and on Spark

A = make_id("19600101", "001")
B = make_id("19650505", "002")
C = make_id("19700707", "003")
D = make_id("19750909", "004")

STANDARD = {"program": "低保金", "max_amount": 500, "cycle": "月", "scope": "个人", "requires_roll": True,
            "valid_from": d("2018-01-01"), "valid_to": None}


def pay(pid, period="2020-03", id_number=A, name="张三", amount=400, paid_on="2020-03-10", **extra):
    return {"payment_id": pid, "program": "低保金", "period": period, "name": name, "id_number": id_number,
            "amount": amount, "paid_on": d(paid_on), **extra}


def member(id_number=A, name="张三", household="H1", enrolled="2018-01-01", removed=None, **extra):
    return {"household_id": household, "name": name, "id_number": id_number, "enrolled_on": d(enrolled),
            "removed_on": d(removed) if removed else None, **extra}


# R03 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, died_on, period, fires", [
    ("period starts after death", "2020-01-15", "2020-03", True),
    ("payment for the month of death", "2020-03-15", "2020-03", False),
    ("period starts on the day of death", "2020-03-01", "2020-03", False),
    ("period starts the day after death", "2020-02-29", "2020-03", True),
    ("quarter starting before death", "2020-02-10", "2020Q1", False),
    ("year starting after death", "2019-12-31", "2020", True),
])
def test_r03_by_id(case, died_on, period, fires):
    hits = run_rule("R03", payments=[pay("P1", period)],
                    deaths=[{"name": "张三", "id_number": A, "died_on": d(died_on), "source": "火化"}])
    assert keys(hits) == ({"P1"} if fires else set()), case
    if fires:
        assert hits[0].score == 1 and hits[0].id_number == A


def death_without_id(name, birth="1960-01-01", village=None):
    return {"name": name, "id_number": None, "id_number_raw": "", "birth_date": d(birth),
            "died_on": d("2019-06-01"), "village_code": village, "source": "户籍注销"}


@pytest.mark.parametrize("case, death, fires, score", [
    ("same name and birth", death_without_id("张三"), True, 0.9),
    ("homophone 曾/增 (曾 read zeng)", death_without_id("曾三"), True, 0.8),
    ("namesake born another day", death_without_id("张三", birth="1960-01-02"), False, None),
    ("namesake in another village", death_without_id("张三", village="430821100002"), False, None),
    ("same village", death_without_id("张三", village="430821100001"), True, 0.9),
    ("two characters differ", death_without_id("章叁"), False, None),
    ("one character differs without shared sound", death_without_id("王三"), False, None),
])
def test_r03_fuzzy_death_match(case, death, fires, score):
    payment = pay("P1", "2020-01", name="张三" if "曾" not in death["name"] else "增三",
                  village_code="430821100001")
    hits = run_rule("R03", payments=[payment], deaths=[death])
    assert keys(hits) == ({"P1"} if fires else set()), case
    if fires:
        assert hits[0].score == pytest.approx(score)
        (record,) = [r for r in hits[0].evidence["records"] if r["registry"] == "deaths"]
        assert record["match"] == ("name" if score == 0.9 else "homophone")


def test_r03_homophone_evidence_names_the_characters_and_reading():
    hits = run_rule("R03", payments=[pay("P1", "2020-01", name="增三")], deaths=[death_without_id("曾三")])
    (death,) = [r for r in hits[0].evidence["records"] if r["registry"] == "deaths"]
    assert death["chars"] == "曾/增" and "zeng" in death["pinyin"].split("/") and death["matched_name"] == "增三"


def test_r03_fuzzy_matching_can_be_switched_off():
    hits = run_rule("R03", params={"fuzzy": False}, payments=[pay("P1", "2020-01")], deaths=[death_without_id("张三")])
    assert hits == []


# R07 ---------------------------------------------------------------------------------------

def test_r07_flags_every_payment_of_a_duplicate_group():
    hits = run_rule("R07", standards=[STANDARD], payments=[
        pay("P1", "2020-03"), pay("P2", "202003"[:4] + "-03", paid_on="2020-03-20"), pay("P3", "2020-04"),
        pay("P4", "2020-03", id_number=B, name="李四"),
    ])
    assert keys(hits) == {"P1", "P2"}
    group = [r["payment_id"] for r in hits[0].evidence["records"] if r["registry"] == "payments"]
    assert sorted(group) == ["P1", "P2"]


def test_r07_household_programs_group_by_household():
    standard = {**STANDARD, "scope": "户", "cycle": "季"}
    roll = [member(), member(B, "李四")]
    payments = [pay("P1", "2020-01", amount=100), pay("P2", "2020-03", id_number=B, name="李四", amount=100),
                pay("P3", "2020-04", amount=100)]
    hits = run_rule("R07", standards=[standard], roll=roll, payments=payments)
    assert keys(hits) == {"P1", "P2"}
    assert {h.household_id for h in hits} == {"H1"}


def test_r07_one_off_programs_duplicate_across_periods():
    standard = {**STANDARD, "cycle": "一次性"}
    hits = run_rule("R07", standards=[standard], payments=[pay("P1", "2019-01"), pay("P2", "2020-05")])
    assert keys(hits) == {"P1", "P2"}


def test_r07_uses_the_nearest_standard_when_none_is_valid():
    standard = {**STANDARD, "cycle": "年", "valid_from": d("2021-01-01")}
    hits = run_rule("R07", standards=[standard], payments=[pay("P1", "2020-01"), pay("P2", "2020-02")])
    assert keys(hits) == {"P1", "P2"}


def test_r07_a_cycle_outside_the_known_ones_groups_on_its_period_text():
    # the standard changes to an unknown cycle: its bucket is the period text, which
    # equals the month bucket of the payment under the old standard
    standards = [{**STANDARD, "valid_to": d("2020-03-31")},
                 {**STANDARD, "cycle": "半年", "valid_from": d("2020-04-01")}]
    payments = [pay("P1", "2020-03"), pay("P2", "2020-03", paid_on="2020-04-10"),
                pay("P3", "2020-04", paid_on="2020-04-12")]
    assert keys(run_rule("R07", standards=standards, payments=payments)) == {"P1", "P2"}


# R08 ---------------------------------------------------------------------------------------

def test_r08_standard_changing_on_a_date():
    standards = [{**STANDARD, "max_amount": 500, "valid_to": d("2020-06-30")},
                 {**STANDARD, "max_amount": 600, "valid_from": d("2020-07-01")}]
    payments = [pay("P1", amount=550, paid_on="2020-06-30"),  # old standard still valid (inclusive)
                pay("P2", amount=550, paid_on="2020-07-01"),  # new standard
                pay("P3", amount=500, paid_on="2020-06-30"),  # equal is not over
                pay("P4", amount=650, paid_on="2020-07-10")]
    hits = run_rule("R08", standards=standards, payments=payments)
    assert keys(hits) == {"P1", "P4"}
    (p1,) = [h for h in hits if h.payment_id == "P1"]
    assert p1.evidence["excess"] == 50


def test_r08_not_evaluated_without_a_valid_standard():
    standard = {**STANDARD, "valid_to": d("2019-12-31")}
    assert run_rule("R08", standards=[standard], payments=[pay("P1", amount=9999)]) == []


# R09 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, roll, payment, fires", [
    ("enrolled", [member()], pay("P1"), False),
    ("never on the roll", [member(B, "李四")], pay("P1"), True),
    ("removed on the pay day", [member(removed="2020-03-10")], pay("P1"), True),
    ("removed the day after", [member(removed="2020-03-11")], pay("P1"), False),
    ("enrolled on the pay day", [member(enrolled="2020-03-10")], pay("P1"), False),
    ("enrolled the day after", [member(enrolled="2020-03-11")], pay("P1"), True),
    ("no valid ID is never enrolled", [member()], pay("P1", id_number=None, id_number_raw="bad"), True),
])
def test_r09_not_enrolled(case, roll, payment, fires):
    assert keys(run_rule("R09", standards=[STANDARD], roll=roll, payments=[payment])) == (
        {"P1"} if fires else set()), case


def test_r09_skips_programs_not_requiring_the_roll_using_the_nearest_standard():
    standard = {**STANDARD, "requires_roll": False, "valid_from": d("2021-01-01")}
    assert run_rule("R09", standards=[standard], roll=[member(B)], payments=[pay("P1")]) == []


# R10 ---------------------------------------------------------------------------------------

def test_r10_one_account_for_several_households():
    roll = [member(A, "张三", "H1"), member(B, "李四", "H1"), member(C, "王五", "H2")]
    payments = [pay("P1", account="6210001"), pay("P2", id_number=B, name="李四", account="6210001"),
                pay("P3", id_number=C, name="王五", account="6210001")]
    (hit,) = run_rule("R10", roll=roll, payments=payments)
    assert hit.account == "6210001" and hit.key == "R10:6210001"
    assert hit.evidence["account"] == {"account": "6210001", "recipients": 3, "households": 2}


def test_r10_recipient_paid_in_their_second_roll_household():
    # A is on the roll in H1 (first) and H2; the payment names H2, so the account
    # reaches two households although B and C are in H1
    roll = [member(A, "张三", "H1"), member(A, "张三", "H2", enrolled="2019-01-01"),
            member(B, "李四", "H1"), member(C, "王五", "H1")]
    payments = [pay("P1", account="X", household_id="H2"), pay("P2", id_number=B, name="李四", account="X"),
                pay("P3", id_number=C, name="王五", account="X")]
    (hit,) = run_rule("R10", roll=roll, payments=payments)
    assert hit.evidence["account"] == {"account": "X", "recipients": 3, "households": 2}
    payments[0]["household_id"] = "H1"
    assert run_rule("R10", roll=roll, payments=payments) == []


def test_r10_household_sharing_an_account_is_no_hit():
    roll = [member(A, "张三", "H1"), member(B, "李四", "H1"), member(C, "王五", "H1")]
    payments = [pay("P1", account="6210001"), pay("P2", id_number=B, name="李四", account="6210001"),
                pay("P3", id_number=C, name="王五", account="6210001")]
    assert run_rule("R10", roll=roll, payments=payments) == []


def test_r10_thresholds_are_parameters():
    roll = [member(A, "张三", "H1"), member(B, "李四", "H2"), member(C, "王五", "H3")]
    payments = [pay("P1", account="X"), pay("P2", id_number=B, name="李四", account="X"),
                pay("P3", id_number=C, name="王五", account="X")]
    assert len(run_rule("R10", roll=roll, payments=payments)) == 1
    assert run_rule("R10", params={"min_recipients": 4}, roll=roll, payments=payments) == []


def test_r10_recipients_without_household_count_as_their_own():
    payments = [pay("P1", account="X"), pay("P2", id_number=B, name="李四", account="X"),
                pay("P3", id_number=C, name="王五", account="X")]
    assert len(run_rule("R10", payments=payments)) == 1


# R11 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("case, account_name, fires", [
    ("own account", "张三", False),
    ("spouse in the household", "李四", False),
    ("someone else", "赵六", True),
    ("member of another household", "王五", True),
    ("no account name", None, False),
])
def test_r11_account_holder(case, account_name, fires):
    roll = [member(A, "张三", "H1"), member(B, "李四", "H1"), member(C, "王五", "H2")]
    hits = run_rule("R11", roll=roll, payments=[pay("P1", account="6210", account_name=account_name)])
    assert keys(hits) == ({"P1"} if fires else set()), case


def test_r11_payment_household_id_is_used_when_it_is_one_of_the_recipients_households():
    roll = [member(A, "张三", "H1"), member(A, "张三", "H2", enrolled="2019-01-01"), member(B, "李四", "H2")]
    payment = pay("P1", account="6210", account_name="李四", household_id="H2")
    assert run_rule("R11", roll=roll, payments=[payment]) == []
    other = pay("P1", account="6210", account_name="李四", household_id="H9")
    (hit,) = run_rule("R11", roll=roll, payments=[other])
    assert hit.household_id == "H1"  # earliest roll row, H9 is not one of the person's households


# Household of a payment (§2), resolved the same way by every payment rule ----------------

HOUSEHOLD_CASES = [
    ("payment names one of the person's households", [member(A, household="H1"), member(A, household="H2", enrolled="2019-01-01")], "H2", "H2"),
    ("payment names a household that is not theirs", [member(A, household="H1"), member(A, household="H2", enrolled="2019-01-01")], "H9", "H1"),
    ("earliest roll row without a payment household", [member(A, household="H2", enrolled="2019-01-01"), member(A, household="H1")], None, "H1"),
    ("not on the roll: the payment's household", [member(B, name="李四", household="H5")], "H7", "H7"),
    ("not on the roll and no household given", [], None, None),
]


@pytest.mark.parametrize("case, roll, paid_household, expected", HOUSEHOLD_CASES)
def test_r03_and_r11_resolve_the_same_household(case, roll, paid_household, expected):
    payment = pay("P1", "2020-03", account="6210", account_name="外人", household_id=paid_household)
    death = {"name": "张三", "id_number": A, "id_number_raw": A, "birth_date": d("1960-01-01"),
             "died_on": d("2019-06-01"), "village_code": None, "source": "火化"}
    (r03,) = run_rule("R03", roll=roll, payments=[payment], deaths=[death])
    (r11,) = run_rule("R11", roll=roll, payments=[payment])
    assert (r03.household_id or None) == expected, case
    assert (r11.household_id or None) == expected, case
