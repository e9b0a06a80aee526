"""The leadership dashboard (领导驾驶舱): this month and this quarter at a glance (issue 9).

For the user's scope (reports.scope: a leader sees the county, an area leader their
片区), two windows ending today — this month and this quarter — and the clues open now:

- intake 受理线索 = clues_received, cases 立案 = cases_filed, sanctions 党纪政务处分人数 =
  persons_sanctioned (with the party and government sanctions in person-times, 人次),
  money = recovered + returned (元, two decimals): all from reports.indicators.summary,
  whose township breakdown gives the per-township rows in the same queries;
- backlog 积压 = the clues open now, confirmed 重复件 left out (clues.listing.in_backlog,
  the 清零 backlog), overdue 超期 = those past their time limit today (listing.overdue).

Every figure but the person-times links to the clue list filtered to exactly the
clues behind it (clues.listing.filter_clues: received/filed/closed window, township,
open, overdue; the sanction and money figures to the clues closed in the window with
persons sanctioned, or with money recovered or returned). Database aggregates only:
a fixed number of queries, however many clues.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.cases.campaigns.periods import quarter_of, quarter_window
from qingfeng.clues import listing
from qingfeng.core.months import add_months
from qingfeng.places.models import Jurisdiction
from qingfeng.reports import indicators
from qingfeng.reports.scope import stats_accountability, stats_clues

DASHBOARD_ROLES = frozenset({Role.LEADERSHIP, Role.AREA_LEADER})
WINDOWS = ("month", "quarter")
TREND_MONTHS = 12


@dataclass(frozen=True)
class Figure:
    value: int | Decimal
    url: str = ""  # the clue list of the clues behind the figure


def require_dashboard(user):
    return access.require_role(user, *DASHBOARD_ROLES)


def windows(today: date) -> dict[str, tuple[date, date]]:
    """This month and this quarter, each from its first day to today (inclusive)."""
    return {"month": (today.replace(day=1), today), "quarter": (quarter_window(*quarter_of(today))[0], today)}


def clue_list_url(**params) -> str:
    return f"{reverse('clues:list')}?{urlencode(params)}"


def _window_figures(totals: dict, start: date, end: date, place: dict) -> dict[str, Figure]:
    span = {"from": start.isoformat(), "to": end.isoformat()}

    def url(event: str, **extra):
        return clue_list_url(**place, **{f"{event}_{k}": v for k, v in span.items()}, **extra)

    return {
        "intake": Figure(totals["clues_received"], url("received")),
        "cases": Figure(totals["cases_filed"], url("filed")),
        "sanctioned": Figure(totals["persons_sanctioned"], url("closed", sanctioned=1)),
        "party_sanctions": Figure(totals["party_sanctions"]),
        "gov_sanctions": Figure(totals["gov_sanctions"]),
        "money": Figure(totals["recovered"] + totals["returned"], url("closed", money=1)),
        "recovered": Figure(totals["recovered"]),
        "returned": Figure(totals["returned"]),
    }


def _open_figures(backlog: int, overdue: int, place: dict) -> dict[str, Figure]:
    return {"backlog": Figure(backlog, clue_list_url(**place, open=1)),
            "overdue": Figure(overdue, clue_list_url(**place, overdue=1))}


def _zeros() -> dict:
    return {key: (Decimal("0.00") if key in indicators.AMOUNT_KEYS else 0) for key in indicators.KEYS}


def figures(user, today: date) -> dict:
    """The dashboard of `user` on `today`: totals per window, the open clues, per-township rows.

    {"scope_name", "today", "windows": {"month"|"quarter": {"from", "to", "figures"}},
     "open": {"backlog", "overdue"}, "townships": [{"name", "code", "month", "quarter", "open"}]}
    where each figure is a `Figure`. Townships: every township in the user's jurisdiction
    (zeros included), then any other row a figure counts (e.g. （未填写乡镇）).
    """
    require_dashboard(user)
    clues, held = stats_clues(user), stats_accountability(user)
    spans = windows(today)
    totals, by_township = {}, {}
    for key, (start, end) in spans.items():
        totals[key], tables = indicators.summary(clues, start, end, ("township",), accountability=held)
        by_township[key] = {row["key"]: row for row in tables["township"]}
    open_rows = {
        row["township_id"]: row for row in clues.filter(listing.in_backlog()).order_by().values("township_id")
        .annotate(backlog=Count("id"), overdue=Count("id", filter=listing.overdue(today)))
    }
    names = set().union(*(rows.keys() for rows in by_township.values())) - {indicators.NO_TOWNSHIP}
    places = list(Jurisdiction.objects.filter(
        Q(level=Jurisdiction.Level.TOWNSHIP, path__startswith=access.root_path(user))
        | Q(id__in=[tid for tid in open_rows if tid is not None])
        | Q(level=Jurisdiction.Level.TOWNSHIP, name__in=names)
    ).order_by("path").values_list("id", "name", "code"))
    rows = [(tid, name, code) for tid, name, code in places]
    if indicators.NO_TOWNSHIP in set().union(*(r.keys() for r in by_township.values())) or None in open_rows:
        rows.append((None, indicators.NO_TOWNSHIP, listing.NO_TOWNSHIP))
    townships = []
    for tid, name, code in rows:
        place = {"township": code}
        entry = {"name": _(name) if tid is None else name, "code": code}
        for key, (start, end) in spans.items():
            entry[key] = _window_figures(by_township[key].get(name) or _zeros(), start, end, place)
        counts = open_rows.get(tid, {})
        entry["open"] = _open_figures(counts.get("backlog", 0), counts.get("overdue", 0), place)
        townships.append(entry)
    backlog = sum(r["backlog"] for r in open_rows.values())
    overdue = sum(r["overdue"] for r in open_rows.values())
    return {
        "scope_name": user.jurisdiction.name, "today": today,
        "windows": {key: {"from": start, "to": end, "figures": _window_figures(totals[key], start, end, {})}
                    for key, (start, end) in spans.items()},
        "open": _open_figures(backlog, overdue, {}),
        "townships": townships,
    }


def intake_trend(user, today: date) -> list[tuple[date, int]]:
    """(first day of month, clues received) for the last TREND_MONTHS months, this one included.

    Grouped by receipt day (no per-row date function on the large table), added up per
    month here: the same definition as clues_received for each month.
    """
    require_dashboard(user)
    first = add_months(today.replace(day=1), 1 - TREND_MONTHS)
    months = {add_months(first, i): 0 for i in range(TREND_MONTHS)}
    days = (stats_clues(user).filter(received_on__gte=first, received_on__lte=today).order_by()
            .values("received_on").annotate(n=Count("id")))
    for row in days:
        months[row["received_on"].replace(day=1)] += row["n"]
    return list(months.items())
