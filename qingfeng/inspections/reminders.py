"""Reminders of 巡察整改 (qingfeng.inbox.sources): for the organisation responsible — a
township officer for the villages of their township, a department liaison for their
department — each problem not yet reported whose rectification deadline is within
3 working days or past; for the inspection office, the reports waiting to be verified."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts import access as accounts_access
from qingfeng.core import workdays
from qingfeng.inbox.sources import Reminder
from qingfeng.inspections import access
from qingfeng.inspections.models import Problem


def reminders(user, today: date) -> list[Reminder]:
    if not accounts_access.is_staff(user):
        return []
    if user.role in access.REPORTERS:
        return _deadlines(user, today)
    if user.role in access.OFFICE:
        return _to_verify(user)
    return []


def _deadlines(user, today: date) -> list[Reminder]:
    problems = (access.visible_problems(user).filter(workdays.due_soon_q("due_on", today), status=Problem.Status.OPEN)
                .order_by("due_on", "id"))
    found = []
    for problem in problems:
        late = problem.due_on < today
        params = {"target": problem.target, "date": problem.due_on.isoformat()}
        title = (_("巡察反馈问题（%(target)s）整改已超过时限 %(date)s") if late
                 else _("巡察反馈问题（%(target)s）须在 %(date)s 前整改")) % params
        found.append(Reminder(kind="inspection_deadline", title=title, due=problem.due_on, overdue=late,
                              url=reverse("inspections:problem", args=[problem.id])))
    return found


def _to_verify(user) -> list[Reminder]:
    waiting = access.visible_problems(user).filter(status=Problem.Status.REPORTED).count()
    if not waiting:
        return []
    return [Reminder(kind="inspection_to_verify", url=reverse("inspections:index"),
                     title=_("%(n)s 条巡察反馈问题已报整改，待核实") % {"n": waiting})]
