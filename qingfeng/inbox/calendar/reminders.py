"""The inbox source of the calendar (qingfeng.inbox.sources): administrators are reminded of this
year's — from October also next year's — holiday schedule while nobody has loaded it."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts.models import Role
from qingfeng.core import workdays
from qingfeng.inbox.sources import Reminder

AHEAD_FROM_MONTH = 10  # from October on, next year's schedule is asked for too


def reminders(user, today: date) -> list[Reminder]:
    if user.role != Role.ADMIN:
        return []
    years = [today.year] + ([today.year + 1] if today.month >= AHEAD_FROM_MONTH else [])
    return [Reminder("calendar_unscheduled",
                     _("%(year)s 年节假日安排尚未导入：该年的期限暂按周一至周五计算") % {"year": year},
                     reverse("inbox:calendar"), key=str(year))
            for year in years if not workdays.has_schedule(year)]
