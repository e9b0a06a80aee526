"""Each report kind on the constructed ledger (conftest.py), figures worked out by hand, and
the same figures as `report stats --json` for the same window.

Ledger facts used below (see tests/web/ledger_support.INDICATOR_CLUES and conftest.py):

2018 Q2 (04-01..06-30): received C01 C02 C07 (t1) C11 C19 (t2) C15 (t3) = 6; petitions C01 C02
C11 C15 C19 = 5, closed by 06-30 C01 C11 C19 = 3, repeat C02 C11 C15 = 3; filed C06 04-20,
C19 05-05 = 2; closed C01 C05 C11 C19: sanctioned 1+1+0+1 = 3, org 0+1+0+1 = 2, first_form
2+0+1+1 = 4, judicial 1, recovered 1000.00+200.50+99.99 = 1300.49, returned 500.00+0.01 = 500.01;
overdue at 06-30 C02 (due 06-20) C06 (03-01) C17 (02-15) = 3. Measures M1 (f2) M2 (f1) M3 (f3)
M4 (f4) M7 (f1): form_1 2, form_2 1, form_3 1, form_4 1; party M1, gov M3; village cadre M1.
问责 A1 (leader, principal) A2 (unit).
2018 Q1: received C05 C06 C17 = 3, petitions C05 C17 = 2, none closed; closed C14 (5 sanctioned,
888.00); overdue at 03-31 C06 C17 = 2; M5 (开除党籍) form_3.
2017 Q2: C21 received, a petition closed 06-20 (1 sanctioned, 50.00); M6 form_2.
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from qingfeng.cases.models import Accountability
from qingfeng.clues.models import Clue
from qingfeng.reports import indicators
from qingfeng.reports.periodic import content, periods
from qingfeng.reports.periodic.content import Change


def _build(value, clues=None, accountability=None):
    return content.build(periods.parse(value), clues or Clue.objects.all(),
                         accountability or Accountability.objects.all(), "慈利县")


def _column(report, index: int) -> dict:
    """Column `index` (1 = this period) of the figures table, by indicator key."""
    by_label = {row[0]: row[index] for row in report.table("figures").rows}
    return {key: by_label[indicators.LABELS[key]] for key in indicators.KEYS}


def _stats(period, *by):
    out = io.StringIO()
    call_command("report", "stats", "--from", period.start.isoformat(), "--to", period.end.isoformat(), "--json",
                 *by, stdout=out)
    return json.loads(out.getvalue())


def _zero(**figures):
    base = {k: (Decimal("0.00") if k in indicators.AMOUNT_KEYS else 0) for k in indicators.KEYS}
    return base | {k: (Decimal(v) if k in indicators.AMOUNT_KEYS else v) for k, v in figures.items()}


Q2 = _zero(clues_received=6, petitions_received=5, petitions_closed=3, repeat_petitions=3, cases_filed=2,
           persons_sanctioned=3, org_handled=2, first_form=4, judicial=1, recovered="1300.49", returned="500.01",
           overdue_open=3, form_1=2, form_2=1, form_3=1, form_4=1, party_sanctions=1, gov_sanctions=1,
           village_cadres_sanctioned=1, accountability_units=1, accountability_leaders=1,
           principal_leaders_accountable=1)
Q1 = _zero(clues_received=3, petitions_received=2, persons_sanctioned=5, recovered="888.00", overdue_open=2,
           form_3=1, party_sanctions=1, village_cadres_sanctioned=1)
Q2_2017 = _zero(clues_received=1, petitions_received=1, petitions_closed=1, persons_sanctioned=1, recovered="50.00",
                form_2=1, party_sanctions=1, village_cadres_sanctioned=1)


def test_quarterly_analysis_sets_the_quarter_beside_the_previous_and_a_year_before(ledger):
    report = _build("2018Q2")
    assert report.title == "慈利县问题线索季度分析报告"
    assert report.subtitle == "2018年第2季度（2018-04-01 — 2018-06-30）"
    assert report.figures == Q2
    assert _column(report, 1) == Q2 and _column(report, 2) == Q1 and _column(report, 3) == Q2_2017
    rows = {row[0]: row for row in report.table("figures").rows}
    received = rows[indicators.LABELS["clues_received"]]
    assert received[4] == Change(1.0) and str(received[4]) == "+100.0%"  # 6 against 3
    assert received[5] == Change(5.0)  # 6 against 1
    assert str(rows[indicators.LABELS["cases_filed"]][4]) == "—"  # against 0


def test_quarterly_analysis_by_township_with_the_intake_of_the_two_periods_before(ledger):
    rows = {r[0]: r[1:] for r in _build("2018Q2").table("township").rows}
    # received, petitions, filed, sanctioned, first_form, recovered, returned, overdue | Q1 received, 2017 Q2
    assert rows == {
        "广福桥镇": [3, 2, 0, 2, 2, Decimal("1200.50"), Decimal("500.00"), 2, 2, 0],  # C01 C02 C07; C01 C05; C02 C17
        "东岳观镇": [2, 2, 2, 1, 2, Decimal("99.99"), Decimal("0.01"), 1, 1, 0],  # C11 C19; C06 C19 filed; C06
        "江垭镇": [1, 1, 0, 0, 0, Decimal("0.00"), Decimal("0.00"), 0, 0, 1],  # C15; C21 a year before
    }


def test_quarterly_analysis_by_source_category_and_campaign_add_up(ledger):
    report = _build("2018Q2")
    sources = {r[0]: r[1] for r in report.table("source").rows}
    assert sources == {"信访举报": 5, "巡察移交": 1, "上级交办": 0, "（未关联线索）": 0}  # C06 filed/overdue, A2
    categories = {r[0]: r[1] for r in report.table("category").rows}
    assert categories == {"吃拿卡要": 0, "形式主义官僚主义": 1, "截留挪用": 1, "虚报冒领": 4,
                          "（未分类）": 0}
    assert [r[0] for r in report.table("campaign").rows] == ["（未纳入专项治理）"]


def test_quarterly_four_forms_split_and_charts(ledger):
    report = _build("2018Q2")
    forms = report.table("forms").rows
    assert [r[1:] for r in forms] == [[2, 0, 0, "40.0%"], [1, 0, 1, "20.0%"], [1, 1, 0, "20.0%"],
                                      [1, 0, 0, "20.0%"], [5, 1, 1, "100.0%"]]
    assert report.chart("forms").parts == {"第一种形态": 2, "第二种形态": 1, "第三种形态": 1, "第四种形态": 1}
    trend = report.chart("trend")
    assert trend.labels == ["2017Q2", "2017Q3", "2017Q4", "2018Q1", "2018Q2"]
    assert trend.series == {"受理问题线索": [1, 0, 1, 3, 6], "立案数": [0, 0, 1, 0, 2],
                            "党纪政务处分人数": [1, 0, 0, 5, 3]}  # C21; C14 received and filed; C14's 5
    bars = report.chart("township")
    assert bars.labels == ["广福桥镇", "东岳观镇", "江垭镇"]
    assert bars.series == {"2018年第2季度": [3, 2, 1], "上季度": [2, 1, 0], "去年同期": [0, 0, 1]}


def test_backlog_age_and_overdue_list_at_the_end_of_june(ledger):
    for value in ("2018-06", "2018Q2"):
        report = _build(value)
        # open at 06-30: C15 (age 0), C07 (15) | C02 (41, overdue) | C06 (149), C17 (166), both overdue
        assert report.table("backlog").rows == [
            ["30天以内", 2, 0], ["31—90天", 1, 1], ["91—180天", 2, 2], ["181—365天", 0, 0], ["365天以上", 0, 0],
            ["合计", 5, 3]]
        assert report.table("backlog_township").rows == [
            ["广福桥镇", 1, 1, 1, 0, 0, 3], ["东岳观镇", 0, 0, 1, 0, 0, 1], ["江垭镇", 1, 0, 0, 0, 0, 1]]
        overdue = report.table("overdue").rows
        assert [(r[0], r[2], r[7]) for r in overdue] == [("C17", "广福桥镇", 135), ("C06", "东岳观镇", 121),
                                                         ("C02", "广福桥镇", 10)]
        assert report.table("overdue").note == ""


def test_monthly_check_figures_and_supervised_clues(ledger):
    report = _build("2018-06")
    june = _zero(clues_received=2, petitions_received=1, repeat_petitions=1, persons_sanctioned=1, first_form=2,
                 recovered="1000.00", returned="500.00", overdue_open=3, form_2=1, form_3=1, party_sanctions=1,
                 gov_sanctions=1, village_cadres_sanctioned=1, accountability_units=1)
    may = _zero(clues_received=2, petitions_received=2, petitions_closed=1, repeat_petitions=1, cases_filed=1,
                persons_sanctioned=1, org_handled=1, first_form=1, recovered="99.99", returned="0.01",
                overdue_open=3, form_1=1, accountability_leaders=1, principal_leaders_accountable=1)
    june_2017 = _zero(persons_sanctioned=1, recovered="50.00", form_2=1, party_sanctions=1,
                      village_cadres_sanctioned=1)  # C21 closed 2017-06-20
    assert report.figures == june
    assert _column(report, 1) == june and _column(report, 2) == may and _column(report, 3) == june_2017
    supervised = report.table("supervised").rows
    # C02: two notices in June, the higher 挂牌督办; C06: notified in March, still open. Not C01 (closed
    # 06-01, notified in May) nor C15 (notified in July).
    assert [(r[0], r[3], r[4], r[5].isoformat(), r[6] and r[6].isoformat(), r[8]) for r in supervised] == [
        ("C02", "挂牌督办", 2, "2018-06-25", "2018-06-20", "未办结"),
        ("C06", "一般督办", 1, "2018-03-05", None, "未办结")]


def test_supervised_clue_closed_within_the_month_is_still_listed_for_that_month(ledger):
    rows = _build("2018-05").table("supervised").rows
    # C06 open under its March notice, then C01: notified 05-02, closed 06-01 (open at May's end);
    # within a level the oldest notice first
    assert [(r[0], r[8]) for r in rows] == [("C06", "未办结"), ("C01", "未办结")]


def test_weekly_summary_by_township_and_source(ledger):
    report = _build("2018-W24")  # 2018-06-11..17: C07 received 06-15; A2 06-15; overdue at 06-17 C06 C17
    assert report.figures == _zero(clues_received=1, overdue_open=2, accountability_units=1)
    assert _column(report, 2) == _zero(overdue_open=2)  # W23: C06 C17
    assert _column(report, 3) == _zero(overdue_open=1)  # 2017-W24: C21 due 05-10, closed 06-20
    townships = {r[0]: (r[1], r[8]) for r in report.table("township").rows}
    assert townships == {"广福桥镇": (1, 1), "东岳观镇": (0, 1)}
    sources = {r[0]: (r[1], r[8]) for r in report.table("source").rows}
    assert sources == {"信访举报": (0, 1), "上级交办": (0, 1), "巡察移交": (1, 0), "（未关联线索）": (0, 0)}


def test_daily_intake_lists_the_day_without_the_reporter(ledger):
    report = _build("2018-06-15")
    assert report.figures == _zero(clues_received=1, overdue_open=2, accountability_units=1)
    assert report.table("intake").rows == [
        ["C07", "巡察移交", "来访", "广福桥镇", "赵丙", "截留挪用", "截留挪用危房改造资金"]]
    flat = repr(report)
    assert "举报人甲" not in flat and "13912345678" not in flat


def test_long_lists_stop_at_the_cap_with_a_line_saying_how_many_more(ledger):
    report = content.build(periods.parse("2018-06"), Clue.objects.all(), Accountability.objects.all(), "慈利县",
                           list_cap=2)
    assert [r[0] for r in report.table("overdue").rows] == ["C17", "C06"]
    assert report.table("overdue").note == "另有 1 条未列出。"


@pytest.mark.parametrize("value", ["2018-06-15", "2018-W24", "2018-06", "2018Q2", "2018Q4", "2017Q2"])
def test_every_figure_agrees_with_report_stats_for_the_same_window(ledger, value):
    report = _build(value)
    period = report.period
    assert indicators.as_json(report.figures) == _stats(period)
    for index, compared in ((2, period.previous()), (3, period.year_before())):
        if period.kind != "day":
            assert indicators.as_json(_column(report, index)) == _stats(compared)
    stats_rows = {r["key"]: r for r in _stats(period, "--by", "township")}
    if period.kind in ("week", "quarter"):
        for row in report.table("township").rows:
            expected = stats_rows[row[0]]
            assert row[1:9] == [Decimal(str(expected[k])).quantize(Decimal("0.01"))
                                if k in indicators.AMOUNT_KEYS else expected[k] for k in content.MAIN_KEYS]
        assert len(report.table("township").rows) == len(stats_rows)


@pytest.mark.parametrize("value", ["2018-06", "2018Q2", "2018Q4"])
def test_the_lists_count_what_report_stats_counts(ledger, value):
    """The separately queried lists: the overdue list has overdue_open rows, the quarter's
    trend ends with this quarter's intake, each breakdown table is `report stats --by`."""
    report = _build(value)
    stats = _stats(report.period)
    assert len(report.table("overdue").rows) == stats["overdue_open"]
    if report.period.kind == "quarter":
        assert report.chart("trend").series[indicators.LABELS["clues_received"]][-1] == stats["clues_received"]
        for dimension in ("source", "category", "campaign"):
            expected = [r["clues_received"] for r in _stats(report.period, "--by", dimension)]
            assert [row[1] for row in report.table(dimension).rows] == expected, dimension


@pytest.mark.parametrize(("value", "received"), [("2018-06-15", 1), ("2018-04-01", 1), ("2018-06-16", 0)])
def test_the_days_intake_list_has_a_row_per_clue_received(ledger, value, received):
    report = _build(value)  # C07 came on 06-15, C11 on 04-01, nothing on 06-16
    assert len(report.table("intake").rows) == _stats(report.period)["clues_received"] == received


def test_township_officer_quarter_covers_only_their_township(ledger):
    from qingfeng.reports.scope import stats_accountability, stats_clues

    alice = ledger.alice  # 广福桥镇
    report = content.build(periods.parse("2018Q2"), stats_clues(alice), stats_accountability(alice), "广福桥镇")
    assert [r[0] for r in report.table("township").rows] == ["广福桥镇"]
    # C01 C02 C07 received; C01 C05 closed (2 sanctioned, 1200.50); overdue C02 C17; M1 M3 M4; A1
    assert report.figures == _zero(clues_received=3, petitions_received=2, petitions_closed=1, repeat_petitions=1,
                                   persons_sanctioned=2, org_handled=1, first_form=2, judicial=1,
                                   recovered="1200.50", returned="500.00", overdue_open=2, form_2=1, form_3=1,
                                   form_4=1, party_sanctions=1, gov_sanctions=1, village_cadres_sanctioned=1,
                                   accountability_leaders=1, principal_leaders_accountable=1)
    assert [r[0] for r in report.table("overdue").rows] == ["C17", "C02"]
    assert report.chart("township").labels == ["广福桥镇"]
