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
