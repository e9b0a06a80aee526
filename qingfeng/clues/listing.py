"""Clue lists computed in the database: filters, deadline colours, totals.

A county holds 100,000 clues, so nothing here loads clues into Python to sort or
count them. The deadline colours are the rule of `workdays.warning()` written as
SQL: the calendar is consulted once per request (for the yellow horizon), and
the database compares dates.
"""

from datetime import date
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from qingfeng.clues.models import State
from qingfeng.core.workdays import warning_horizon
from qingfeng.places.models import Jurisdiction

PAGE_SIZE = 50
OPEN = ~Q(state=State.CLOSED)
# A confirmed 重复件 is merged into its original: the original carries the work.
CONFIRMED_REPEAT = Q(is_repeat=True, repeat_of__isnull=False)
WARNINGS = ("red", "yellow")


def in_backlog() -> Q:
    """Open and not a confirmed 重复件: the clues the 清零 backlog counts (supervision.backlog)."""
    return OPEN & ~CONFIRMED_REPEAT


def overdue(today: date) -> Q:
    """In the backlog and past its time limit (`workdays.warning()` is red from the day after due_on)."""
    return in_backlog() & Q(due_on__lt=today)


def _unacknowledged() -> Q:
    return Q(ack_due_on__isnull=False, acknowledged_on__isnull=True)


def red(today: date) -> Q:
    """Open and past its time limit, or a named reporter not told of receipt in time."""
    return OPEN & (Q(due_on__lt=today) | (_unacknowledged() & Q(ack_due_on__lt=today)))


def yellow(today: date, horizon: date) -> Q:
    """Open, not red, and a time limit within the warning horizon."""
    soon = Q(due_on__range=(today, horizon)) | (_unacknowledged() & Q(ack_due_on__range=(today, horizon)))
    return OPEN & soon & ~red(today)


def with_badges(queryset: QuerySet, today: date) -> QuerySet:
    """Annotate `badge`: 'red', 'yellow' or ''."""
    return queryset.annotate(badge=Case(
        When(red(today), then=Value("red")),
        When(yellow(today, warning_horizon(today)), then=Value("yellow")),
        default=Value(""), output_field=CharField(),
    ))


def warning_filter(warning: str, today: date) -> Q:
    return red(today) if warning == "red" else yellow(today, warning_horizon(today))


# Date windows of the list (?received_from=2018-06-01&received_to=2018-06-30, inclusive ISO dates):
# what the dashboard's figures link to. An unreadable date is ignored.
DATE_FILTERS = {"received": "received_on", "filed": "filed_on", "closed": "closed_on"}
# The list's filters without a control of their own on the page: kept as hidden fields.
LINK_FILTERS = ("township", *(f"{n}_{end}" for n in DATE_FILTERS for end in ("from", "to")),
                "open", "overdue", "sanctioned", "money")
NO_TOWNSHIP = "none"  # ?township=none: the clues without a township


def _iso_date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def filter_clues(queryset: QuerySet, params, today: date) -> QuerySet:
    """The clue-list filters shared by the page and the API (query-string names).

    Besides the page's controls: township=<code>|none; received/filed/closed_from and
    _to (inclusive dates); open=1 (the 清零 backlog, `in_backlog`); overdue=1 (`overdue`
    today); sanctioned=1 (党纪政务处分人数 > 0); money=1 (追缴 or 退还群众金额 > 0).
    """
    for name in ("state", "stage", "source"):
        if params.get(name):
            queryset = queryset.filter(**{name: params[name]})
    if params.get("township") == NO_TOWNSHIP:
        queryset = queryset.filter(township__isnull=True)
    elif params.get("township"):
        queryset = queryset.filter(township__code=params["township"])
    for name, field in DATE_FILTERS.items():
        if start := _iso_date(params.get(f"{name}_from")):
            queryset = queryset.filter(**{f"{field}__gte": start})
        if end := _iso_date(params.get(f"{name}_to")):
            queryset = queryset.filter(**{f"{field}__lte": end})
    if params.get("open") == "1":
        queryset = queryset.filter(in_backlog())
    if params.get("overdue") == "1":
        queryset = queryset.filter(overdue(today))
    if params.get("sanctioned") == "1":
        queryset = queryset.filter(persons_sanctioned__gt=0)
    if params.get("money") == "1":
        queryset = queryset.filter(Q(recovered__gt=0) | Q(returned__gt=0))
    if params.get("campaign") == "none":
        queryset = queryset.filter(campaign__isnull=True)
    elif params.get("campaign", "").isdigit():
        queryset = queryset.filter(campaign_id=int(params["campaign"]))
    if params.get("q"):
        q = params["q"]
        queryset = queryset.filter(Q(clue_no__icontains=q) | Q(subject__icontains=q) | Q(summary__icontains=q))
    if params.get("warning") in WARNINGS:
        queryset = queryset.filter(warning_filter(params["warning"], today))
    return queryset


def counts_by_owner(queryset: QuerySet, today: date) -> tuple[dict, list[dict]]:
    """Totals {'open', 'red', 'yellow'} and the same per owning jurisdiction (tree order).

    One aggregate query grouped by owner id (the totals are the rows added up), and
    one to name the owners.
    """
    horizon = warning_horizon(today)
    rows = list(
        queryset.order_by().values("owner_id")
        .annotate(open=Count("id", filter=OPEN), red=Count("id", filter=red(today)),
                  yellow=Count("id", filter=yellow(today, horizon)))
    )
    places = {p.id: p for p in Jurisdiction.objects.filter(id__in=[r["owner_id"] for r in rows])}
    for row in rows:
        place = places[row["owner_id"]]
        row.update(code=place.code, name=place.name, path=place.path)
    rows.sort(key=lambda r: r["path"])
    totals = {key: sum(r[key] for r in rows) for key in ("open", "red", "yellow")}
    return totals, rows


class CountedPaginator(Paginator):
    """A Paginator told its count (already known from an aggregate): one full count query fewer."""

    def __init__(self, object_list, per_page, count: int | None):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return super().count if self._known_count is None else self._known_count


def known_count(totals: dict, owners: list[dict], params, keys: tuple[str, ...]) -> int | None:
    """The length of a list filtered by `owner` and `warning` from its counts, or None if other filters apply.

    `keys` name the counts the unfiltered list is the sum of ('open' for the backlog,
    'red' and 'yellow' for the warnings list, which are exclusive).
    """
    if {name for name, value in params.items() if value} - {"owner", "warning", "page", "before"}:
        return None
    if params.get("warning") in WARNINGS:
        keys = (params["warning"],)
    if params.get("owner"):
        totals = next((o for o in owners if o["code"] == params["owner"]), dict.fromkeys(keys, 0))
    return sum(totals[key] for key in keys)


def red_first(today: date) -> list:
    """Ordering of a warnings list: red before yellow, then by time limit (no limit last)."""
    rank = Case(When(red(today), then=Value(0)), default=Value(1), output_field=IntegerField())
    return [rank, F("due_on").asc(nulls_last=True), F("ack_due_on").asc(nulls_last=True), "id"]


def query_without_page(params, *names: str) -> str:
    """The query string of `params` without the page parameters, for pager links."""
    query = params.copy()
    for name in names or ("page",):
        query.pop(name, None)
    return query.urlencode()
