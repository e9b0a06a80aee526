"""Whether villages published their N items of each month in time (portal.md §4).

A month whose N items were not all published by the 10th of the next month is overdue,
whether still missing (逾期未完成) or published later (逾期补齐). An item counts from its
first publication: a correction does not make a month late again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.villages.models import Disclosure, RequiredItem
from qingfeng.villages.months import due_on


class State(models.TextChoices):
    OPEN = "open", _("未到期")
    COMPLETE = "complete", _("按时完成")
    LATE = "late", _("逾期补齐")
    OVERDUE = "overdue", _("逾期未完成")


OVERDUE_STATES = {State.LATE, State.OVERDUE}


@dataclass
class MonthStatus:
    month: date
    due_on: date
    required: list[str]
    published: list[str]
    state: State

    @property
    def missing(self) -> list[str]:
        return [title for title in self.required if title not in self.published]

    @property
    def overdue(self) -> bool:
        return self.state in OVERDUE_STATES


@dataclass
class Summary:
    """Of several villages (a township) over the same months."""

    villages: int = 0
    months: int = 0
    complete: int = 0
    overdue: int = 0
    overdue_villages: set = field(default_factory=set)


def _state(required: list[RequiredItem], firsts: dict[int, date], due: date, today: date) -> State:
    missing = [item for item in required if item.id not in firsts]
    if missing:
        return State.OVERDUE if today > due else State.OPEN
    if all(firsts[item.id] <= due for item in required):
        return State.COMPLETE
    return State.LATE


def village_months(village_ids, months: list[date], today: date) -> dict[int, list[MonthStatus]]:
    """For each village, the status of each of `months` (in the order given). Two queries."""
    items = list(RequiredItem.objects.all())
    first_published = defaultdict(dict)  # (village, month) -> {item id: local date of first publication}
    rows = (Disclosure.objects.filter(village_id__in=village_ids, month__in=months, item__isnull=False)
            .values("village_id", "month", "item_id").annotate(first=Min("published_at")).order_by())
    for row in rows:
        first_published[row["village_id"], row["month"]][row["item_id"]] = timezone.localdate(row["first"])
    result = {}
    for village_id in village_ids:
        statuses = []
        for month in months:
            required = [item for item in items if item.required_in(month)]
            firsts = first_published[village_id, month]
            due = due_on(month)
            statuses.append(MonthStatus(
                month=month, due_on=due, required=[i.title for i in required],
                published=[i.title for i in required if i.id in firsts], state=_state(required, firsts, due, today),
            ))
        result[village_id] = statuses
    return result


def summarise(statuses_by_village: dict[int, list[MonthStatus]]) -> Summary:
    summary = Summary(villages=len(statuses_by_village))
    for village_id, statuses in statuses_by_village.items():
        for status in statuses:
            summary.months += 1
            summary.complete += status.state == State.COMPLETE
            if status.overdue:
                summary.overdue += 1
                summary.overdue_villages.add(village_id)
    return summary
