"""The 12 clue indicators of ledger.md §2 on a constructed ledger, figures worked out by hand.

Ledger: INDICATOR_CLUES in ledger_support (20 clues, no persons handled, no 问责: the
other nine keys are 0 here; test_indicators_persons covers them).
Window F..T = 2018-04-01..2018-12-31.
"""

from datetime import date
from decimal import Decimal

import pytest

from qingfeng.clues.models import Clue
from qingfeng.reports import indicators

from .ledger_support import build_indicator_ledger

F, T = date(2018, 4, 1), date(2018, 12, 31)

# Worked out by hand:
# received in window: C01 C02 C03 C04(12-31 edge) C07 C08 C09 C11(04-01 edge) C12 C13 C15 C16 C18 C19 C20 = 15
#   (C05 03-31, C06, C14, C17 before; C10 after)
# petitions among them (信访举报): C01 C02 C03 C04 C11 C15 C16 C19 C20 = 9
# petitions_closed (closed_on <= T): C01 C11 C15 C19 = 4 (C03 closed 2019-01-15: not yet)
# repeat_petitions: C02 C11 C15 C20 = 4
# cases_filed (filed_on in window): C06 04-20, C07 07-01, C13 12-01, C18 12-31, C19 05-05 = 5 (C10, C14 outside)
# closed in window: C01 C05 C07 C09(12-31 edge) C11 C15 C19 (C03 C10 C17 after, C14 before)
#   persons_sanctioned 1+1+3+0+0+0+1 = 6 (C03's 2, C10's 4, C14's 5 excluded)
#   org_handled 0+1+0+2+0+0+1 = 4; first_form 2+0+0+1+1+1+1 = 6; judicial C05 1 + C07 1 = 2
#   recovered 1000.00+200.50+12345.67+300.00+0+99.99 = 13946.16 (C03 777, C10 999, C14 888 excluded)
#   returned 500.00+2000.00+300.00+150.25+0.01 = 2950.26
# overdue_open (received <= T, not closed by T, due_on < T):
#   C02 (due 06-20, open), C03 (closed after T), C06, C12, C17 (closed after T), C18 (due 12-30), C20 (due 12-30) = 7
#   not: C04 C13 (due after T), C08 (due == T), C16 (no due date), C10 (received after T), closed ones
EXPECTED = {
    "clues_received": 15, "petitions_received": 9, "petitions_closed": 4, "repeat_petitions": 4, "cases_filed": 5,
    "persons_sanctioned": 6, "org_handled": 4, "first_form": 6, "judicial": 2,
    "recovered": Decimal("13946.16"), "returned": Decimal("2950.26"), "overdue_open": 7,
}
NO_PERSONS = dict.fromkeys(indicators.MEASURE_KEYS + indicators.ACCOUNTABILITY_KEYS, 0)


@pytest.fixture
def ledger(world):
    build_indicator_ledger(world)
    return world


def test_indicators_match_the_hand_computed_figures(ledger):
    assert indicators.compute(Clue.objects.all(), F, T) == EXPECTED | NO_PERSONS


def test_indicators_json_has_exactly_the_keys_of_the_contract_and_amounts_as_numbers(ledger):
    figures = indicators.as_json(indicators.compute(Clue.objects.all(), F, T))
    assert list(figures) == list(EXPECTED) + list(NO_PERSONS)
    assert figures["recovered"] == 13946.16 and figures["returned"] == 2950.26
    assert isinstance(figures["clues_received"], int)


def test_an_empty_window_gives_zeros(ledger):
    figures = indicators.compute(Clue.objects.all(), date(2030, 1, 1), date(2030, 12, 31))
    # Every clue before 2030 with a past due date and not closed by 2030-12-31 is still overdue:
    # C02 C04 C06 C08 C12 C13 C18 C20 are open with a due date = 8; C16 has none.
    assert figures["overdue_open"] == 8
    assert {k: v for k, v in figures.items() if k != "overdue_open"} == {
        k: (Decimal("0.00") if k in ("recovered", "returned") else 0) for k in indicators.KEYS if k != "overdue_open"}


def _rows(dimension):
    return {r["key"]: r for r in indicators.breakdown(Clue.objects.all(), F, T, dimension)}


def _values(row):
    return [row[k] for k in indicators.CLUE_KEYS]


ORDER = list(EXPECTED)


def test_breakdown_by_township(ledger):
    rows = indicators.breakdown(Clue.objects.all(), F, T, "township")
    assert [r["key"] for r in rows] == ["广福桥镇", "东岳观镇", "江垭镇", "（未填写乡镇）"]
    by = {r["key"]: _values(r) for r in rows}
    D = Decimal
    # t1: C01 C02 C05 C07 C10 C14 C17 C18 C20 — received C01 C02 C07 C18 C20; petitions C01 C02 C20;
    # closed C01; repeat C02 C20; filed C07 C18; sums over C01 C05 C07; overdue C02 C17 C18 C20
    assert by["广福桥镇"] == [5, 3, 1, 2, 2, 5, 1, 2, 2, D("13546.17"), D("2500.00"), 4]
    # t2: C03 C06 C11 C12 C19 — received C03 C11 C12 C19; petitions C03 C11 C19; closed C11 C19; repeat C11;
    # filed C06 C19; sums over C11 C19; overdue C03 C06 C12
    assert by["东岳观镇"] == [4, 3, 2, 1, 2, 1, 1, 2, 0, D("99.99"), D("0.01"), 3]
    # t3: C04 C08 C13 C15 — petitions C04 C15; closed/repeat C15; filed C13; sums over C15
    assert by["江垭镇"] == [4, 2, 1, 1, 1, 0, 0, 1, 0, D("0.00"), D("150.25"), 0]
    # no township: C09 C16
    assert by["（未填写乡镇）"] == [2, 1, 0, 0, 0, 0, 2, 1, 0, D("300.00"), D("300.00"), 0]


def test_breakdown_by_quarter_uses_each_indicators_own_date(ledger):
    rows = indicators.breakdown(Clue.objects.all(), F, T, "quarter")
    assert [r["key"] for r in rows] == ["2018年第1季度", "2018年第2季度", "2018年第3季度", "2018年第4季度"]
    by = {r["key"]: _values(r) for r in rows}
    D = Decimal
    # Q1: only overdue clues received then: C06 (02-01), C17 (01-15)
    assert by["2018年第1季度"] == [0, 0, 0, 0, 0, 0, 0, 0, 0, D("0.00"), D("0.00"), 2]
    # Q2 received C01 C02 C07 C11 C15 C19 (petitions C01 C02 C11 C15 C19, closed C01 C11 C15 C19, repeat C02 C11 C15);
    # filed C06 C19; closed C01 C05 C11 C19: ps 1+1+0+1, org 0+1+0+1, ff 2+0+1+1, jud 1,
    # recovered 1000+200.50+99.99, returned 500+0.01; overdue C02
    assert by["2018年第2季度"] == [6, 5, 4, 3, 2, 3, 2, 4, 1, D("1300.49"), D("500.01"), 1]
    # Q3 received C03 C08 C09 C16 C20 (petitions C03 C16 C20, repeat C20); filed C07; closed C15; overdue C03 C20
    assert by["2018年第3季度"] == [5, 3, 0, 1, 1, 0, 0, 1, 0, D("0.00"), D("150.25"), 2]
    # Q4 received C04 C12 C13 C18 (petition C04); filed C13 C18; closed C07 C09; overdue C12 C18
    assert by["2018年第4季度"] == [4, 1, 0, 0, 2, 3, 2, 1, 1, D("12645.67"), D("2300.00"), 2]


def test_breakdown_by_source(ledger):
    rows = indicators.breakdown(Clue.objects.all(), F, T, "source")
    assert [r["key"] for r in rows] == ["信访举报", "上级交办", "巡察移交", "审计移交", "部门移送", "大数据比对", "监督检查"]
    by = {r["key"]: _values(r) for r in rows}
    D = Decimal
    # 信访举报: the 9 petitions; filed C19; closed C01 C05 C11 C15 C19; overdue C02 C03 C17 C20
    assert by["信访举报"] == [9, 9, 4, 4, 1, 3, 2, 5, 1, D("1300.49"), D("650.26"), 4]
    # 上级交办: received C18; filed C06 C18; overdue C06 C18
    assert by["上级交办"] == [1, 0, 0, 0, 2, 0, 0, 0, 0, D("0.00"), D("0.00"), 2]
    assert by["巡察移交"] == [1, 0, 0, 0, 1, 3, 0, 0, 1, D("12345.67"), D("2000.00"), 0]
    assert by["大数据比对"] == [1, 0, 0, 0, 0, 0, 2, 1, 0, D("300.00"), D("300.00"), 0]


def test_breakdown_by_category(ledger):
    by = {k: _values(r) for k, r in _rows("category").items()}
    D = Decimal
    # 虚报冒领: C01 C02 C05 C09 C10 C12 C15 C19 — received C01 C02 C09 C12 C15 C19; petitions C01 C02 C15 C19;
    # closed C01 C15 C19; repeat C02 C15; filed C19; closed in window C01 C05 C09 C15 C19; overdue C02 C12
    assert by["虚报冒领"] == [6, 4, 3, 2, 1, 3, 4, 5, 1, D("1600.49"), D("950.26"), 2]
    assert by["（未分类）"] == [1, 1, 0, 0, 0, 0, 0, 0, 0, D("0.00"), D("0.00"), 0]
    assert "其他" not in by  # C14 counts for nothing in the window


@pytest.mark.parametrize("dimension", indicators.DIMENSIONS)
def test_every_breakdown_adds_up_to_the_totals(ledger, dimension):
    rows = indicators.breakdown(Clue.objects.all(), F, T, dimension)
    for key in indicators.KEYS:
        assert sum(r[key] for r in rows) == (EXPECTED | NO_PERSONS)[key], key
