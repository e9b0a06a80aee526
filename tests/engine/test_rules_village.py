"""R14–R18: village finance (crosscheck.md §5), case tables with the near misses of the issue."""

from decimal import Decimal

import pytest

from tests.engine.crosscheck_helpers import d, keys, make_id, run_rule

pytestmark = pytest.mark.usefixtures("rule_backend")  # each case on DuckDB and on Spark

VILLAGE, OTHER_VILLAGE = "430821101201", "430821101202"
CADRE = make_id("19650101", "011")
WIFE = make_id("19670202", "022")
STRANGER = make_id("19800303", "033")
OTHER_CADRE = make_id("19700404", "041")
USCC = "91430821MA4L000014"  # MOD 31 check character 4 (test_uscc_fixture_is_valid)


def entry(voucher="V1", amount="100.00", direction="支出", booked="2024-03-10", village=VILLAGE, method="转账",
          reviewed=None, counterparty="张三", counterparty_id=None, uscc=None, title="公益支出"):
    return {"voucher_no": voucher, "village_code": village, "booked_on": d(booked), "direction": direction,
            "account_title": title, "memo": "摘要", "amount": Decimal(amount), "counterparty": counterparty,
            "counterparty_id": counterparty_id, "counterparty_id_uscc": uscc,
            "counterparty_id_raw": counterparty_id or uscc, "method": method, "reviewed": reviewed}


def line(txn="T1", amount="100.00", direction="支出", on="2024-03-10", village=VILLAGE, counterparty="张三"):
    return {"txn_id": txn, "village_code": village, "txn_on": d(on), "direction": direction,
            "amount": Decimal(amount), "counterparty": counterparty, "counterparty_account": "6230001", "memo": "转账"}


def test_uscc_fixture_is_valid():
    from qingfeng.engine import normalize as n

    assert n.clean_uscc(USCC) == USCC


# -- R14 账外收支 -----------------------------------------------------------------

@pytest.mark.parametrize("case, books, fires", [
    ("booked the same day", [entry()], False),
    ("booked 30 days after (window inclusive)", [entry(booked="2024-04-09")], False),
    ("booked 30 days before", [entry(booked="2024-02-09")], False),
    ("booked 31 days after", [entry(booked="2024-04-10")], True),
    ("booked 31 days before", [entry(booked="2024-02-08")], True),
    ("same amount, other direction", [entry(direction="收入")], True),
    ("one fen different", [entry(amount="100.01")], True),
    ("same amount in another village", [entry(village=OTHER_VILLAGE)], True),
    ("no entry at all", [], True),
])
def test_r14(case, books, fires):
    hits = run_rule("R14", village_bank=[line()], village_books=books)
    assert keys(hits) == ({"T1"} if fires else set()), case


def test_r14_hit_names_the_line_and_the_nearest_entries():
    books = [entry("V1", booked="2024-04-10"), entry("V2", booked="2024-06-01"), entry("V3", amount="90.00"),
             entry("V4", amount="100.00", direction="收入")]
    (hit,) = run_rule("R14", village_bank=[line(counterparty="李四")], village_books=books)
    assert hit.record == "T1" and hit.key == "R14:T1" and hit.name == "李四" and hit.id_number is None
    by_registry = {}
    for rec in hit.evidence["records"]:
        by_registry.setdefault(rec["registry"], []).append(rec)
    (statement,) = by_registry["village_bank"]
    assert statement["row"] == 2 and statement["txn_id"] == "T1" and statement["amount"] == 100
    nearest = sorted(by_registry["village_books"], key=lambda r: r["nearest"])
    # same amount first (31 days, then 83 days away), then within the window by amount
    assert [(r["voucher_no"], r["days_apart"]) for r in nearest] == [("V1", 31), ("V2", 83), ("V3", 0)]
    assert hit.evidence["window_days"] == 30


def test_r14_window_is_a_parameter():
    hits = run_rule("R14", params={"window_days": 31}, village_bank=[line()], village_books=[entry(booked="2024-04-10")])
    assert hits == []


def test_r14_every_line_needs_its_own_match_only_by_amount_and_date():
    # two identical lines and one entry: both are matched (the contract does not pair them off)
    hits = run_rule("R14", village_bank=[line("T1"), line("T2")], village_books=[entry()])
    assert hits == []


# -- R15 大额支出未经民主理财 ------------------------------------------------------

@pytest.mark.parametrize("case, row, fires", [
    ("exactly 5,000, not reviewed", entry(amount="5000.00", reviewed=False), True),
    ("4,999.99, not reviewed", entry(amount="4999.99", reviewed=False), False),
    ("large and reviewed", entry(amount="8000.00", reviewed=True), False),
    ("large, reviewed empty", entry(amount="8000.00", reviewed=None), True),
    ("large income", entry(amount="8000.00", direction="收入"), False),
])
def test_r15(case, row, fires):
    hits = run_rule("R15", village_books=[row])
    assert keys(hits) == ({f"{VILLAGE}/V1"} if fires else set()), case


def test_r15_hit_carries_record_and_a_valid_resident_id_only():
    rows = [entry("V1", "6000.00", counterparty="王五", counterparty_id=STRANGER),
            entry("V2", "6000.00", counterparty="青枫公司", uscc=USCC)]
    hits = {h.record: h for h in run_rule("R15", village_books=rows)}
    assert hits[f"{VILLAGE}/V1"].id_number == STRANGER and hits[f"{VILLAGE}/V1"].name == "王五"
    assert hits[f"{VILLAGE}/V2"].id_number is None and hits[f"{VILLAGE}/V2"].name == "青枫公司"
    (rec,) = hits[f"{VILLAGE}/V2"].evidence["records"]
    assert (rec["registry"], rec["row"], rec["counterparty_id"], rec["reviewed"]) == ("village_books", 3, USCC, "空")


def test_r15_threshold_is_a_parameter():
    assert keys(run_rule("R15", params={"large_amount": 10000}, village_books=[entry(amount="8000.00")])) == set()


# -- R16 现金支付超限 --------------------------------------------------------------

@pytest.mark.parametrize("case, row, fires", [
    ("cash 1,000.01", entry(amount="1000.01", method="现金"), True),
    ("cash exactly 1,000", entry(amount="1000.00", method="现金"), False),
    ("transfer 5,000", entry(amount="5000.00", method="转账"), False),
    ("cash income 3,000", entry(amount="3000.00", method="现金", direction="收入"), False),
    ("cash 3,000 reviewed", entry(amount="3000.00", method="现金", reviewed=True), True),
])
def test_r16(case, row, fires):
    assert keys(run_rule("R16", village_books=[row])) == ({f"{VILLAGE}/V1"} if fires else set()), case


# -- R17 拆分支出规避审核 ----------------------------------------------------------

def split(voucher, amount, booked, **kw):
    return entry(voucher, amount, booked=booked, counterparty=kw.pop("counterparty", "李四建筑队"), **kw)


@pytest.mark.parametrize("case, rows, flagged", [
    ("two parts of one month reach 5,000", [split("V1", "2500.00", "2024-03-01"), split("V2", "2500.00", "2024-03-31")],
     {"V1", "V2"}),
    ("three parts reach 5,000", [split("V1", "2000.00", "2024-03-01"), split("V2", "2000.00", "2024-03-02"),
                                 split("V3", "1000.00", "2024-03-03")], {"V1", "V2", "V3"}),
    ("together 4,999.99", [split("V1", "2500.00", "2024-03-01"), split("V2", "2499.99", "2024-03-02")], set()),
    ("split across two months", [split("V1", "2500.00", "2024-03-31"), split("V2", "2500.00", "2024-04-01")], set()),
    ("one part reviewed is not counted", [split("V1", "2500.00", "2024-03-01"),
                                          split("V2", "2500.00", "2024-03-02", reviewed=True)], set()),
    ("reviewed parts do not count, the rest still reach", [
        split("V1", "3000.00", "2024-03-01"), split("V2", "2000.00", "2024-03-02"),
        split("V3", "4000.00", "2024-03-03", reviewed=True)], {"V1", "V2"}),
    ("one part is itself large (R15's, not a split)", [split("V1", "5000.00", "2024-03-01"),
                                                       split("V2", "100.00", "2024-03-02")], set()),
    ("two counterparties", [split("V1", "2500.00", "2024-03-01"),
                            split("V2", "2500.00", "2024-03-02", counterparty="王五")], set()),
    ("two villages", [split("V1", "2500.00", "2024-03-01"),
                      split("V2", "2500.00", "2024-03-02", village=OTHER_VILLAGE)], set()),
    ("income is no expense", [split("V1", "2500.00", "2024-03-01", direction="收入"),
                              split("V2", "2500.00", "2024-03-02", direction="收入")], set()),
])
def test_r17(case, rows, flagged):
    hits = run_rule("R17", village_books=rows)
    assert keys(hits) == {f"{r['village_code']}/{r['voucher_no']}" for r in rows if r["voucher_no"] in flagged}, case


def test_r17_evidence_lists_the_group_and_its_total():
    rows = [split("V1", "2000.00", "2024-03-01"), split("V2", "2000.00", "2024-03-15"),
            split("V3", "1500.50", "2024-03-20")]
    hits = run_rule("R17", village_books=rows)
    assert len(hits) == 3
    hit = next(h for h in hits if h.record == f"{VILLAGE}/V2")
    group = hit.evidence["group"]
    assert (group["month"], group["expenses"], group["total"], group["this_entry_row"]) == ("2024-03", 3, 5500.5, 3)
    assert sorted(r["voucher_no"] for r in hit.evidence["records"]) == ["V1", "V2", "V3"]
    assert {r["row"] for r in hit.evidence["records"]} == {2, 3, 4}


# -- R18 向村干部及其亲属支付 ------------------------------------------------------

def cadre_row(name="王书记", id_number=CADRE, relation="本人", village=VILLAGE, position="村委会主任",
              term=("2021-01-01", "2023-12-31"), cadre_id=CADRE):
    return {"name": name, "id_number": id_number, "village_code": village, "position": position if relation == "本人" else None,
            "cadre_id_number": cadre_id, "relation": relation, "term_from": d(term[0]),
            "term_to": d(term[1]) if term[1] else None}


CADRES = [cadre_row(), cadre_row("李梅", WIFE, "配偶"),
          cadre_row("赵主任", OTHER_CADRE, village=OTHER_VILLAGE, cadre_id=OTHER_CADRE)]


def company(role="法定代表人", person=WIFE, founded="2020-01-01", dissolved=None, uscc=USCC):
    return {"company": "慈利县青枫建材有限公司", "uscc": uscc, "entity_type": "有限责任公司", "person_name": "李梅",
            "person_id_number": person, "role": role, "capital": 50.0, "founded_on": d(founded),
            "dissolved_on": d(dissolved) if dissolved else None}


@pytest.mark.parametrize("case, row, businesses, fires", [
    ("paid to the cadre within the term", entry(counterparty_id=CADRE, booked="2022-05-01"), [], True),
    ("paid to the wife on the first day of the term", entry(counterparty_id=WIFE, booked="2021-01-01"), [], True),
    ("paid to the wife on the last day of the term", entry(counterparty_id=WIFE, booked="2023-12-31"), [], True),
    ("a relative paid before the cadre's term", entry(counterparty_id=WIFE, booked="2020-12-31"), [], False),
    ("paid the day after the term", entry(counterparty_id=WIFE, booked="2024-01-01"), [], False),
    ("pay titles exempt: 干部报酬", entry(counterparty_id=CADRE, booked="2022-05-01", title="管理费用-干部报酬"), [], False),
    ("pay titles exempt: 误工补贴", entry(counterparty_id=CADRE, booked="2022-05-01", title="误工补贴"), [], False),
    ("another village's cadre", entry(counterparty_id=OTHER_CADRE, booked="2022-05-01"), [], False),
    ("a stranger", entry(counterparty_id=STRANGER, booked="2022-05-01"), [], False),
    ("income from the cadre", entry(counterparty_id=CADRE, booked="2022-05-01", direction="收入"), [], False),
    ("company of the wife (法定代表人)", entry(uscc=USCC, booked="2022-05-01"), [company()], True),
    ("company of the wife (股东)", entry(uscc=USCC, booked="2022-05-01"), [company("股东")], True),
    ("wife only 监事 of the company", entry(uscc=USCC, booked="2022-05-01"), [company("监事")], False),
    ("a dissolved company", entry(uscc=USCC, booked="2022-05-01"), [company(dissolved="2022-05-01")], False),
    ("company dissolved the day after", entry(uscc=USCC, booked="2022-05-01"), [company(dissolved="2022-05-02")], True),
    ("company founded after the booking", entry(uscc=USCC, booked="2022-05-01"), [company(founded="2022-05-02")],
     False),
    ("company of a stranger", entry(uscc=USCC, booked="2022-05-01"), [company(person=STRANGER)], False),
    ("company of another village's cadre", entry(uscc=USCC, booked="2022-05-01"), [company(person=OTHER_CADRE)],
     False),
])
def test_r18(case, row, businesses, fires):
    hits = run_rule("R18", village_books=[row], cadres=CADRES, businesses=businesses)
    assert keys(hits) == ({f"{VILLAGE}/V1"} if fires else set()), case


def test_r18_evidence_shows_the_chain():
    row = entry(uscc=USCC, booked="2022-05-01", counterparty="慈利县青枫建材有限公司")
    (hit,) = run_rule("R18", village_books=[row], cadres=CADRES, businesses=[company()])
    assert hit.id_number is None and hit.record == f"{VILLAGE}/V1" and hit.name == "慈利县青枫建材有限公司"
    rows = {(r["registry"], r["row"]) for r in hit.evidence["records"]}
    # the entry, the wife's cadres row (row 3) and her cadre's own row (row 2), the business row
    assert rows == {("village_books", 2), ("cadres", 3), ("cadres", 2), ("businesses", 2)}
    assert hit.evidence["chain"] == ["business"]
    wife = next(r for r in hit.evidence["records"] if r["registry"] == "cadres" and r["row"] == 3)
    assert wife["relation"] == "配偶" and wife["cadre_id_number"] == CADRE


def test_r18_person_hit_carries_the_resident_id():
    (hit,) = run_rule("R18", village_books=[entry(counterparty="李梅", counterparty_id=WIFE, booked="2022-05-01")],
                      cadres=CADRES)
    assert hit.id_number == WIFE and hit.name == "李梅" and hit.evidence["chain"] == ["person"]


def test_village_rules_are_skipped_without_their_registries():
    import duckdb

    from tests.engine.crosscheck_helpers import make_tables, run_on_test_backend

    con = duckdb.connect(":memory:")
    tables = make_tables(con, village_books=[entry(amount="6000.00")])
    result = run_on_test_backend(con, tables, rule_ids=["R14", "R15", "R18"])
    assert set(result.skipped) == {"R14", "R18"}
    assert "village_bank" in result.skipped["R14"] and "cadres" in result.skipped["R18"]
    assert result.counts == {"R15": 1}
