"""The dashboard's figures on the constructed ledger (conftest), worked out by hand.

Frank (leadership) sees the county:
  this month  intake D01 D04 D07 D09 D10 = 5; cases D06 (06-01) = 1; sanctioned D02 2 (+ D07 0) = 2;
              money D02 1000.50 + D07 300.00 = 1300.50; party 王甲 06-05 = 1, gov 0 (李乙 04-20)
  this quarter intake D01 D02 D04 D05(04-01) D06 D07 D09 D10 = 8 (D03 D08 D11 before);
              cases D03 D06 = 2; sanctioned D02 2 + D05 1 = 3 (D11 closed 03-31);
              money 1000.50 + 200.25 + 300.00 = 1500.75; party 1, gov 1
  open now    backlog D01 D03 D04 D06 D08 D10 = 6 (D09 a confirmed 重复件); overdue D01 D06 D08 D10 = 4
              (D03 due today, D04 no due date)
Per township (month intake/cases/sanctioned/money, quarter the same, backlog, overdue):
  广福桥镇 t1  2 0 2 1000.50 | 3 1 2 1000.50 | 2 1
  东岳观镇 t2  1 1 0 0.00    | 3 1 1 200.25  | 2 1
  江垭镇   t3  1 0 0 300.00  | 1 0 0 300.00  | 1 1
  （未填写乡镇） 1 0 0 0.00  | 1 0 0 0.00    | 1 1
Carol (片区 P1: t1, t2): month 3 1 2 1000.50; quarter 6 2 3 1200.75; backlog 4, overdue 2.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from qingfeng.reports import dashboard

from .conftest import TODAY

KEYS = ("intake", "cases", "sanctioned", "money")


def _values(figures: dict, keys=KEYS) -> tuple:
    return tuple(figures[k].value for k in keys)


def _row(row) -> tuple:
    return (_values(row["month"]), _values(row["quarter"]), _values(row["open"], ("backlog", "overdue")))


def test_windows_are_this_month_and_this_quarter_to_today():
    assert dashboard.windows(TODAY) == {"month": (date(2018, 6, 1), TODAY),
                                        "quarter": (date(2018, 4, 1), TODAY)}
    assert dashboard.windows(date(2019, 1, 1))["quarter"] == (date(2019, 1, 1), date(2019, 1, 1))
    assert dashboard.windows(date(2018, 12, 31))["quarter"][0] == date(2018, 10, 1)


def test_county_totals_match_the_hand_computed_figures(ledger):
    data = dashboard.figures(ledger.frank, TODAY)
    month, quarter = data["windows"]["month"]["figures"], data["windows"]["quarter"]["figures"]
    assert _values(month) == (5, 1, 2, Decimal("1300.50"))
    assert _values(quarter) == (8, 2, 3, Decimal("1500.75"))
    assert _values(month, ("party_sanctions", "gov_sanctions", "recovered", "returned")) == (
        1, 0, Decimal("1300.50"), Decimal("0.00"))
    assert _values(quarter, ("party_sanctions", "gov_sanctions", "recovered", "returned")) == (
        1, 1, Decimal("1300.50"), Decimal("200.25"))
    assert _values(data["open"], ("backlog", "overdue")) == (6, 4)
    assert str(quarter["money"].value) == "1500.75"  # 元, two decimals


def test_per_township_rows_for_the_county(ledger):
    rows = {r["name"]: _row(r) for r in dashboard.figures(ledger.frank, TODAY)["townships"]}
    assert rows == {
        "广福桥镇": ((2, 0, 2, Decimal("1000.50")), (3, 1, 2, Decimal("1000.50")), (2, 1)),
        "东岳观镇": ((1, 1, 0, Decimal("0.00")), (3, 1, 1, Decimal("200.25")), (2, 1)),
        "江垭镇": ((1, 0, 0, Decimal("300.00")), (1, 0, 0, Decimal("300.00")), (1, 1)),
        "（未填写乡镇）": ((1, 0, 0, Decimal("0.00")), (1, 0, 0, Decimal("0.00")), (1, 1)),
    }
    assert [r["code"] for r in dashboard.figures(ledger.frank, TODAY)["townships"]] == [
        "430821101", "430821102", "430821106", "none"]


def test_an_area_leader_sees_only_their_townships(ledger):
    data = dashboard.figures(ledger.carol, TODAY)
    assert [r["name"] for r in data["townships"]] == ["广福桥镇", "东岳观镇"]
    assert _values(data["windows"]["month"]["figures"]) == (3, 1, 2, Decimal("1000.50"))
    assert _values(data["windows"]["quarter"]["figures"]) == (6, 2, 3, Decimal("1200.75"))
    assert _values(data["open"], ("backlog", "overdue")) == (4, 2)
    ivan = dashboard.figures(ledger.ivan, TODAY)
    assert [(r["name"], _row(r)) for r in ivan["townships"]] == [
        ("江垭镇", ((1, 0, 0, Decimal("300.00")), (1, 0, 0, Decimal("300.00")), (1, 1)))]


def test_a_township_with_nothing_is_listed_with_zeros(world, today):
    rows = dashboard.figures(world.carol, TODAY)["townships"]
    assert [(r["name"], _row(r)) for r in rows] == [
        (name, ((0, 0, 0, Decimal("0.00")),) * 2 + ((0, 0),)) for name in ("广福桥镇", "东岳观镇")]


def test_only_leadership_and_area_leaders_have_a_dashboard(ledger):
    for user in (ledger.alice, ledger.dave, ledger.erin, ledger.gina):
        with pytest.raises(PermissionDenied):
            dashboard.figures(user, TODAY)


def test_intake_trend_over_twelve_months(ledger):
    trend = dashboard.intake_trend(ledger.frank, TODAY)
    assert [m for m, _n in trend][0] == date(2017, 7, 1) and trend[-1][0] == date(2018, 6, 1)
    assert len(trend) == 12
    counts = dict(trend)
    # June D01 D04 D07 D09 D10; May D02 D06; April D05; March D03 D08; December 2017 D11
    assert (counts[date(2018, 6, 1)], counts[date(2018, 5, 1)], counts[date(2018, 4, 1)],
            counts[date(2018, 3, 1)], counts[date(2017, 12, 1)]) == (5, 2, 1, 2, 1)
    assert sum(counts.values()) == 11
    assert dict(dashboard.intake_trend(ledger.carol, TODAY))[date(2018, 6, 1)] == 3  # D01 D04 D09


@pytest.mark.parametrize("who", ["frank", "carol"])
def test_the_figures_agree_with_the_indicators_summary(ledger, who):
    """The dashboard groups the indicators' own aggregates itself: the same numbers as `summary`."""
    from qingfeng.reports import indicators
    from qingfeng.reports.scope import stats_accountability, stats_clues

    user = getattr(ledger, who)
    data = dashboard.figures(user, TODAY)
    names = {"intake": "clues_received", "cases": "cases_filed", "sanctioned": "persons_sanctioned",
             "party_sanctions": "party_sanctions", "gov_sanctions": "gov_sanctions", "recovered": "recovered",
             "returned": "returned"}
    for window, (start, end) in dashboard.windows(TODAY).items():
        totals, tables = indicators.summary(stats_clues(user), start, end, ("township",),
                                            accountability=stats_accountability(user))
        figures = data["windows"][window]["figures"]
        assert {k: figures[k].value for k in names} == {k: totals[v] for k, v in names.items()}
        rows = {r["key"]: r for r in tables["township"]}
        for township in data["townships"]:
            expected = rows.get(township["name"]) or rows.get(indicators.NO_TOWNSHIP)
            if not any(township[window][k].value for k in names):
                continue  # summary leaves all-zero rows out
            assert {k: township[window][k].value for k in names} == {k: expected[v] for k, v in names.items()}
