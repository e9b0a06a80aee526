"""Clue lists computed in the database: filters, deadline colours, totals.

A county holds 100,000 clues, so nothing here loads clues into Python to sort or
count them. The deadline colours are the rule of `deadlines.warning()` written as
SQL: the calendar is consulted once per request (for the yellow horizon), and
the database compares dates.
"""

from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When

from qingfeng.clues import deadlines
from qingfeng.clues.models import State

PAGE_SIZE = 50
OPEN = ~Q(state=State.CLOSED)
# A confirmed 重复件 is merged into its original: the original carries the work.
CONFIRMED_REPEAT = Q(is_repeat=True, repeat_of__isnull=False)
WARNINGS = ("red", "yellow")


@lru_cache(maxsize=8)  # one calendar walk per day, however many queries use it
def warning_horizon(today: date) -> date:
    """The last date that is still within WARN_WORKING_DAYS working days of `today`.

    `deadlines.warning()` counts the working days in (today, due]; that count stays
    ≤ N up to the day before the (N+1)-th working day, weekends and holidays after
    the N-th working day included.
    """
    return deadlines.add_working_days(today, deadlines.WARN_WORKING_DAYS + 1) - timedelta(days=1)


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


def filter_clues(queryset: QuerySet, params, today: date) -> QuerySet:
    """The clue-list filters shared by the page and the API (query-string names)."""
    for name in ("state", "stage", "source"):
        if params.get(name):
            queryset = queryset.filter(**{name: params[name]})
    if params.get("township"):
        queryset = queryset.filter(township__code=params["township"])
    if params.get("q"):
        q = params["q"]
        queryset = queryset.filter(Q(clue_no__icontains=q) | Q(subject__icontains=q) | Q(summary__icontains=q))
    if params.get("warning") in WARNINGS:
        queryset = queryset.filter(warning_filter(params["warning"], today))
    return queryset


def counts(queryset: QuerySet, today: date) -> dict:
    """{'open', 'red', 'yellow'} of `queryset` in one aggregate query."""
    horizon = warning_horizon(today)
    return queryset.order_by().aggregate(
        open=Count("id", filter=OPEN), red=Count("id", filter=red(today)),
        yellow=Count("id", filter=yellow(today, horizon)),
    )


def counts_by_owner(queryset: QuerySet, today: date) -> list[dict]:
    """The same counts per owning jurisdiction, in the order of the jurisdiction tree."""
    horizon = warning_horizon(today)
    return list(
        queryset.order_by().values(code=F("owner__code"), name=F("owner__name"), path=F("owner__path"))
        .annotate(open=Count("id", filter=OPEN), red=Count("id", filter=red(today)),
                  yellow=Count("id", filter=yellow(today, horizon)))
        .order_by("path")
    )


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
