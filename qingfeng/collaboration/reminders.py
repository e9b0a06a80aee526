"""Reminders of the area work and the departments' returns (qingfeng.inbox.sources):

- a department liaison: the return of last month from the 15th until it is in (overdue after the 20th),
  and the month before if it is still missing;
- the owner of a follow-up or an area problem: due within 3 working days, or overdue;
- an area leader: this month's area meeting, while none has been held.
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.collaboration import periods
from qingfeng.collaboration.models import FollowUp, Meeting, MonthlyReturn, Problem
from qingfeng.core import workdays
from qingfeng.core.months import add_months, month_end, month_of
from qingfeng.inbox.sources import Reminder
from qingfeng.places.models import Jurisdiction


def reminders(user, today: date) -> list[Reminder]:
    if not access.is_staff(user):
        return []
    found = []
    if user.role == Role.DEPARTMENT and user.department_id is not None:
        found += _returns(user, today)
    found += _follow_ups(user, today) + _problems(user, today)
    if user.role == Role.AREA_LEADER and user.jurisdiction.level == Jurisdiction.Level.AREA:
        found += _meeting(user, today)
    return found


def _returns(user, today: date) -> list[Reminder]:
    latest = periods.return_month_due(today)
    months = [add_months(latest, -1), latest]
    submitted = set(MonthlyReturn.objects.filter(department_id=user.department_id, month__in=months)
                    .values_list("month", flat=True))
    found = []
    for month in months:
        due = periods.return_due(month)
        if month in submitted or (today < due and today.day < periods.REMIND_FROM_DAY):
            continue
        found.append(Reminder(
            kind="dept_monthly_list", due=due, overdue=today > due,
            title=_("请于 %(due)s 前报送 %(month)s 的部门移送清单（无移送的报零报告）") % {
                "due": f"{due:%Y-%m-%d}", "month": f"{month:%Y年%m月}"},
            url=reverse("collaboration:returns") + f"?month={month:%Y-%m}",
        ))
    return found


def _follow_ups(user, today: date) -> list[Reminder]:
    rows = FollowUp.objects.filter(workdays.due_soon_q("due_on", today), owner=user, done=False).order_by("due_on")
    return [Reminder(
        kind="area_follow_up", due=f.due_on, overdue=today > f.due_on,
        title=_("会议跟进事项“%(task)s”须于 %(due)s 前完成") % {"task": f.task, "due": f"{f.due_on:%Y-%m-%d}"},
        url=reverse("collaboration:meeting", args=[f.meeting_id]),
    ) for f in rows]


def _problems(user, today: date) -> list[Reminder]:
    rows = Problem.objects.filter(workdays.due_soon_q("due_on", today), owner=user, status=Problem.Status.OPEN).order_by(
        "due_on")
    return [Reminder(
        kind="area_problem", due=p.due_on, overdue=today > p.due_on,
        title=_("片区问题“%(title)s”须于 %(due)s 前解决") % {"title": p.title, "due": f"{p.due_on:%Y-%m-%d}"},
        url=reverse("collaboration:problem", args=[p.id]),
    ) for p in rows]


def _meeting(user, today: date) -> list[Reminder]:
    month = month_of(today)
    if Meeting.objects.filter(kind=Meeting.Kind.AREA, area_id=user.jurisdiction_id, held_on__gte=month,
                              held_on__lte=today).exists():
        return []
    return [Reminder(
        kind="area_meeting", due=month_end(month),
        title=_("本月（%(month)s）片区例会尚未召开") % {"month": f"{month:%Y年%m月}"},
        url=reverse("collaboration:meeting_new", args=[user.jurisdiction.code]),
    )]
