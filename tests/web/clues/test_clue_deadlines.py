"""Working days follow the Chinese calendar: weekends, holidays and 调休 workdays."""

from datetime import date

import pytest

from qingfeng.clues import deadlines
from qingfeng.core import workdays

# The county's own calendar (qingfeng.core.models.CalendarDay) is read from the database.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2024, 3, 1), 1, date(2024, 3, 4)),      # Friday + 1 skips the weekend
    (date(2024, 2, 2), 1, date(2024, 2, 4)),      # Sunday 2024-02-04 was a 调休 workday
    (date(2024, 2, 9), 1, date(2024, 2, 18)),     # Spring Festival 02-10..17; Sunday 02-18 worked
    (date(2024, 9, 27), 1, date(2024, 9, 29)),    # Sunday 2024-09-29 was a workday
    (date(2024, 9, 30), 1, date(2024, 10, 8)),    # National Day 10-01..07
    (date(2024, 10, 11), 1, date(2024, 10, 12)),  # Saturday 2024-10-12 was a workday
    (date(2024, 9, 27), 3, date(2024, 10, 8)),
    (date(2024, 3, 4), 0, date(2024, 3, 4)),
])
def test_add_working_days_follows_the_official_calendar(start, n, expected):
    assert workdays.add_working_days(start, n) == expected


def test_working_days_between_counts_adjusted_workdays_and_skips_holidays():
    # (2024-09-27, 2024-10-14]: 09-29, 09-30, 10-08..10-12 (Sat worked), 10-14 = 8
    assert workdays.working_days_between(date(2024, 9, 27), date(2024, 10, 14)) == 8
    assert workdays.working_days_between(date(2024, 10, 14), date(2024, 9, 27)) == -8
    assert workdays.working_days_between(date(2024, 1, 1), date(2024, 12, 31)) == 251


def test_named_reporter_acknowledgement_is_due_in_15_working_days():
    # Received 2024-09-20 (Fri): 9-23..27 (5), 9-29, 9-30 (7), 10-08..12 (12), 10-14..16 (15)
    assert deadlines.ack_due(date(2024, 9, 20)) == date(2024, 10, 16)


@pytest.mark.parametrize(("due", "today", "colour"), [
    (date(2024, 10, 8), date(2024, 9, 27), "yellow"),  # 3 working days away across the holiday
    (date(2024, 10, 9), date(2024, 9, 27), ""),        # 4 working days away
    (date(2024, 10, 8), date(2024, 10, 8), "yellow"),  # due today
    (date(2024, 10, 8), date(2024, 10, 9), "red"),     # overdue
    (date(2024, 2, 19), date(2024, 2, 8), "yellow"),   # 02-09, 02-18 (调休), 02-19: 3 working days
])
def test_warning_colours(due, today, colour):
    assert workdays.warning(due, today) == colour


def test_closed_clue_never_warns():
    assert workdays.warning(date(2024, 1, 1), date(2024, 6, 1), open_=False) == ""


def test_year_without_published_schedule_falls_back_to_weekdays():
    assert workdays.add_working_days(date(2040, 6, 1), 1) == date(2040, 6, 4)  # Friday → Monday
