"""Calendar months (qingfeng.core.months), shared by sanctions' periods and disclosures' months."""

from datetime import date

import pytest

from qingfeng.core.months import add_months


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 31), 1, date(2026, 9, 30)),
    (date(2026, 11, 15), 2, date(2027, 1, 15)),
    (date(2026, 1, 1), -1, date(2025, 12, 1)),
    (date(2026, 3, 31), -13, date(2025, 2, 28)),
    (date(2026, 5, 10), 0, date(2026, 5, 10)),
])
def test_adding_months_keeps_the_day_or_clamps_it_to_the_months_last_day(day, months, expected):
    assert add_months(day, months) == expected


def test_month_helpers_find_the_first_and_last_day_and_parse_only_real_months():
    from qingfeng.core.months import month_end, month_of, parse_month, recent_months

    assert month_of(date(2026, 11, 18)) == date(2026, 11, 1)
    assert [month_end(date(2028, 2, 10)), month_end(date(2026, 12, 1))] == [date(2028, 2, 29), date(2026, 12, 31)]
    assert [parse_month(t) for t in ("2026-03", " 2026-3 ", "2026-13", "x", "", None)] == [
        date(2026, 3, 1), date(2026, 3, 1), None, None, None, None]
    assert recent_months(date(2026, 2, 14), 3) == [date(2026, 2, 1), date(2026, 1, 1), date(2025, 12, 1)]


@pytest.mark.parametrize(("day", "quarter", "window"), [
    (date(2026, 1, 1), (2026, 1), (date(2026, 1, 1), date(2026, 3, 31))),
    (date(2026, 6, 30), (2026, 2), (date(2026, 4, 1), date(2026, 6, 30))),
    (date(2026, 12, 31), (2026, 4), (date(2026, 10, 1), date(2026, 12, 31))),
])
def test_a_day_lies_in_its_quarter_and_the_window_covers_the_quarter(day, quarter, window):
    from qingfeng.core.months import quarter_of, quarter_window

    assert quarter_of(day) == quarter and quarter_window(*quarter) == window


def test_collaboration_periods_keep_only_their_due_days():
    from qingfeng.collaboration import periods

    assert periods.return_due(date(2026, 12, 5)) == date(2027, 1, 20)
    assert periods.is_late(date(2026, 10, 1), date(2026, 11, 21)) and not periods.is_late(date(2026, 10, 1),
                                                                                           date(2026, 11, 20))
    months = periods.return_months(date(2026, 11, 18))
    assert (len(months), months[0], months[-1]) == (12, date(2026, 10, 1), date(2025, 11, 1))
    assert periods.review_window(2026, 4, date(2026, 11, 18)) == (date(2026, 10, 1), date(2026, 11, 18))
