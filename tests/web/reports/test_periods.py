"""Periods of the reports: how they are written, named, and what comes before them."""

from datetime import date

import pytest

from qingfeng.reports.periodic import periods


@pytest.mark.parametrize("value, kind, start, end, label", [
    ("2018-06-05", "day", date(2018, 6, 5), date(2018, 6, 5), "2018年6月5日"),
    ("2018-W23", "week", date(2018, 6, 4), date(2018, 6, 10), "2018年第23周"),
    ("2018-06", "month", date(2018, 6, 1), date(2018, 6, 30), "2018年6月"),
    ("2018Q2", "quarter", date(2018, 4, 1), date(2018, 6, 30), "2018年第2季度"),
    ("2016-02", "month", date(2016, 2, 1), date(2016, 2, 29), "2016年2月"),
    ("2019-W01", "week", date(2018, 12, 31), date(2019, 1, 6), "2019年第1周"),  # ISO: starts in 2018
])
def test_parse_recognises_each_kind(value, kind, start, end, label):
    period = periods.parse(value)
    assert (period.kind, period.start, period.end, period.label, period.value) == (kind, start, end, label, value)


def test_previous_and_year_before():
    assert periods.parse("2018Q1").previous() == periods.parse("2017Q4")
    assert periods.parse("2018Q2").year_before() == periods.parse("2017Q2")
    assert periods.parse("2018-01").previous() == periods.parse("2017-12")
    assert periods.parse("2018-W01").previous() == periods.parse("2017-W52")
    assert periods.parse("2018-W24").year_before() == periods.parse("2017-W24")
    assert periods.parse("2016-02-29").year_before() == periods.parse("2015-02-28")
    assert periods.parse("2018-03-01").previous() == periods.parse("2018-02-28")
    # 2015 has an ISO week 53, 2014 does not: its week 52 stands in
    assert periods.parse("2015-W53").year_before() == periods.parse("2014-W52")


def test_current_period_holds_today():
    today = date(2018, 6, 7)  # a Thursday
    assert periods.current("week", today).value == "2018-W23"
    assert periods.current("month", today).value == "2018-06"
    assert periods.current("quarter", today).value == "2018Q2"


@pytest.mark.parametrize("value, kind", [
    ("2018-13", None), ("2018-02-30", None), ("2018-W54", None), ("2018Q5", None), ("", None), ("June", None),
    ("2018-06", "quarter"),  # a month where a quarter was asked for
])
def test_bad_values_are_refused_with_a_chinese_message(value, kind):
    with pytest.raises(ValueError, match="无法识别的报表周期"):
        periods.parse(value, kind)


def test_weeks_across_years_and_the_53rd_week():
    assert periods.parse("2021-W01").previous().value == "2020-W53"
    assert periods.parse("2020-W53").shifted(1).value == "2021-W01"
    assert periods.week_of(date(2018, 12, 31)).value == "2019-W01"  # a Monday of ISO 2019
    assert periods.parse("2019-W01").start == date(2018, 12, 31)
    assert periods.parse("2026-W53").year_before().value == "2025-W52"
    assert periods.parse("2020-W53").year_before().value == "2019-W52"  # 2019 has no week 53
    with pytest.raises(ValueError):
        periods.parse("2018-W53")


def test_a_leap_day_and_quarters_across_the_year():
    assert periods.parse("2020-02-29").year_before().value == "2019-02-28"
    assert periods.parse("2018Q1").previous().value == "2017Q4"
    assert periods.parse("2018Q1").year_before().value == "2017Q1"
    assert periods.parse("2018-01").previous().value == "2017-12"
    assert (periods.parse("2018Q4").start, periods.parse("2018Q4").end) == (date(2018, 10, 1), date(2018, 12, 31))
