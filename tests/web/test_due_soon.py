""""Due within 3 working days, or overdue" is one rule (qingfeng.core.workdays): `due_soon_q` in a
query agrees with `warning()` day by day, also across a county-loaded holiday run longer than
two weeks — where a guessed calendar-day pre-filter used to drop the inspection reminders."""

from datetime import date, timedelta

import pytest

from qingfeng.core import workdays
from qingfeng.core.models import CalendarDay
from qingfeng.inbox.calendar import actions as calendar_actions
from qingfeng.inbox.calendar.reading import ScheduleDay
from qingfeng.inspections import actions
from qingfeng.inspections.models import Problem
from qingfeng.inspections.reminders import reminders

TODAY = date(2027, 2, 4)  # a Thursday; off from Friday 02-05 to Sunday 02-21 (17 days)
RUN = [date(2027, 2, 5) + timedelta(days=k) for k in range(17)]


@pytest.fixture(autouse=True)
def _long_holiday(world):
    workdays.forget()
    calendar_actions.do_load_year(2027, [ScheduleDay(d, CalendarDay.HOLIDAY, "春节") for d in RUN],
                                  acting_user=world.admin)
    yield
    workdays.forget()


def test_the_horizon_runs_past_the_holidays():
    # Working days after Thursday 02-04: 02-22 (Mon), 02-23, 02-24; the 4th is 02-25.
    assert workdays.warning_horizon(TODAY) == date(2027, 2, 24)
    assert workdays.warning(date(2027, 2, 24), TODAY) == "yellow"
    assert workdays.warning(date(2027, 2, 25), TODAY) == ""


def test_due_soon_q_agrees_with_warning_day_by_day(world):
    erin = world.erin
    round_ = actions.do_create_round(acting_user=erin, year=2027, number=1, kind="常规", started_on=date(2027, 1, 4),
                                     today=TODAY)
    target = actions.do_add_target(round_.id, acting_user=erin, village=world.v1)
    days = [TODAY + timedelta(days=k) for k in range(-3, 30)]
    for day in days:
        actions.do_add_problem(target.id, acting_user=erin, description=f"问题 {day}", fed_back_on=date(2027, 1, 10),
                               due_on=day, today=TODAY)
    in_query = set(Problem.objects.filter(workdays.due_soon_q("due_on", TODAY)).values_list("due_on", flat=True))
    assert in_query == {d for d in days if workdays.warning(d, TODAY)}
    assert max(in_query) == date(2027, 2, 24)  # 20 calendar days ahead
    found = reminders(world.alice, TODAY)
    assert [r.due for r in found] == sorted(in_query)
    assert [r.overdue for r in found] == [d < TODAY for d in sorted(in_query)]
