"""The bulletin's inbox source (qingfeng.inbox.sources, registered in BulletinsConfig.ready()):
last month's bulletin not yet issued, for leadership — reports.due's warning, as a reminder."""

from datetime import date

from django.urls import reverse

from qingfeng.inbox.sources import Reminder
from qingfeng.reports import due


def reminders(user, today: date) -> list[Reminder]:
    return [Reminder("bulletin_unissued", d.text, d.url or reverse("staff:home"), key=d.period)
            for d in due.warnings_for(user, today) if d.kind == "bulletin"]
