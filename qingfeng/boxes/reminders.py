"""Reminders of report boxes (qingfeng.inbox.sources): a box not opened for more than
settings.BOX_OPENING_DAYS days. 信访室 and leadership get one reminder with the count (they
open the county's boxes); a township officer gets one per box of their township."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts import access as accounts_access
from qingfeng.accounts.models import Role
from qingfeng.boxes import access, schedule
from qingfeng.inbox.sources import Reminder


def reminders(user, today: date) -> list[Reminder]:
    if not accounts_access.is_staff(user) or user.role not in access.KEEPERS | {Role.TOWNSHIP}:
        return []
    boxes = schedule.overdue(access.visible_boxes(user), today)
    days = schedule.interval_days()
    if user.role in access.KEEPERS:
        count = boxes.count()
        if not count:
            return []
        return [Reminder(kind="box_not_opened", url=reverse("boxes:index") + "?overdue=1", overdue=True,
                         title=_("%(n)s 个举报箱超过 %(days)s 天未开箱") % {"n": count, "days": days})]
    return [Reminder(kind="box_not_opened", url=reverse("boxes:box", args=[box.id]), overdue=True,
                     due=box.since + timedelta(days=days),
                     title=_("举报箱 %(number)s（%(place)s）超过 %(days)s 天未开箱") % {
                         "number": box.number, "place": box.place.name, "days": days})
            for box in boxes.order_by("since", "number")]
