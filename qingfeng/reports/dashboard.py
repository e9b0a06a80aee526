"""The leadership dashboard (领导驾驶舱): this month and this quarter at a glance (issue 9).

For the user's scope (reports.scope: a leader sees the county, an area leader their
片区), two windows ending today — this month and this quarter — and the clues open now:

- intake 受理线索 = clues_received, cases 立案 = cases_filed, sanctions 党纪政务处分人数 =
  persons_sanctioned (with the party and government sanctions in person-times, 人次),
  money = recovered + returned (元, two decimals): the definitions of reports.indicators
  (clue_aggregates, measures_in, measure_aggregates; the figures agree with `summary` by
  township, which a test checks), grouped by township in one query for both windows —
  `summary` itself groups by four dimensions and adds the cells up in Python, three times
  the time at 100,000 clues;
- backlog 积压 = the clues open now, confirmed 重复件 left out (clues.listing.in_backlog,
  the 清零 backlog), overdue 超期 = those past their time limit today (listing.overdue) —
  unlike §2's overdue_open, which counts confirmed 重复件 too; the page says so.

Every figure but the person-times links to the clue list filtered to exactly the
clues behind it (clues.listing.filter_clues: received/filed/closed window, township,
open, overdue; the sanction and money figures to the clues closed in the window with
persons sanctioned, or with money recovered or returned). Database aggregates only:
a fixed number of queries, however many clues.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.clues import listing
from qingfeng.core.months import add_months, quarter_of, quarter_window
from qingfeng.places.models import Jurisdiction
from qingfeng.reports import indicators
from qingfeng.reports.scope import stats_clues

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


CLUE_KEYS = ("clues_received", "cases_filed", "persons_sanctioned", "recovered", "returned")
MEASURE_KEYS = ("party_sanctions", "gov_sanctions")
CENT = Decimal("0.01")


def _clean(row: dict, prefix: str) -> dict:
    """One window's indicators out of a grouped row (None counts as 0; amounts to the cent)."""
    out = {}
    for key in CLUE_KEYS + MEASURE_KEYS:
        value = row.get(prefix + key) or 0
        out[key] = Decimal(value).quantize(CENT) if key in indicators.AMOUNT_KEYS else int(value)
    return out


def _add_up(rows) -> dict:
    total: dict = {}
    for row in rows:
        for key, value in row.items():
            if key != "township_id":
                total[key] = total.get(key, 0) + (value or 0)
    return total


def figures(user, today: date) -> dict:
    """The dashboard of `user` on `today`: totals per window, the open clues, per-township rows.

    {"scope_name", "today", "windows": {"month"|"quarter": {"from", "to", "figures"}},
     "open": {"backlog", "overdue"}, "townships": [{"name", "code", "month", "quarter", "open"}]}
    where each figure is a `Figure`. Townships: every township in the user's jurisdiction
    (zeros included), then any other township a figure counts and （未填写乡镇）.

    Three queries: the clues once, grouped by township — both windows' indicators
    (reports.indicators.clue_aggregates, the definitions of `summary`) and the open
    clues side by side, reading only the clues one of them counts; the quarter's persons
    handled (indicators.measures_in / measure_aggregates) grouped by township and by
    whether decided this month; the townships' names.
    The windows end today, so the quarter holds the month and a clue the month counts
    is read by the quarter's condition.
    """
    require_dashboard(user)
    clues = stats_clues(user)
    spans = windows(today)
    quarter_from = spans["quarter"][0]
    aggregates = {"backlog": Count("id", filter=listing.in_backlog()),
                  "overdue": Count("id", filter=listing.overdue(today))}
    for key, (start, end) in spans.items():
        aggregates |= indicators.clue_aggregates(start, end, CLUE_KEYS, prefix=f"{key}_")
    counted = (Q(received_on__range=(quarter_from, today)) | Q(filed_on__range=(quarter_from, today))
               | Q(closed_on__range=(quarter_from, today)) | listing.in_backlog())
    grouped = {row["township_id"]: row for row in clues.filter(counted).order_by().values("township_id")
               .annotate(**aggregates)}
    # The quarter's persons handled once, grouped by township and whether decided this month.
    this_month = Case(When(decided_on__gte=spans["month"][0], then=Value(True)), default=Value(False),
                      output_field=BooleanField())
    persons = indicators.measures_in(clues, quarter_from, today).values(
        township_id=F("clue__township_id"), this_month=this_month)
    for row in persons.annotate(**indicators.measure_aggregates(MEASURE_KEYS)):
        slot = grouped.setdefault(row["township_id"], {"township_id": row["township_id"]})
        for key in ("quarter", "month") if row["this_month"] else ("quarter",):
            for k in MEASURE_KEYS:
                slot[f"{key}_{k}"] = slot.get(f"{key}_{k}", 0) + row[k]
    places = list(Jurisdiction.objects.filter(
        Q(level=Jurisdiction.Level.TOWNSHIP, path__startswith=access.root_path(user))
        | Q(id__in=[tid for tid in grouped if tid is not None])
    ).order_by("path").values_list("id", "name", "code"))
    if None in grouped:
        places.append((None, _(indicators.NO_TOWNSHIP), listing.NO_TOWNSHIP))
    townships = []
    for tid, name, code in places:
        row, place = grouped.get(tid, {}), {"township": code}
        entry = {"name": name, "code": code}
        for key, (start, end) in spans.items():
            entry[key] = _window_figures(_clean(row, f"{key}_"), start, end, place)
        entry["open"] = _open_figures(row.get("backlog", 0), row.get("overdue", 0), place)
        townships.append(entry)
    total = _add_up(grouped.values())
    return {
        "scope_name": user.jurisdiction.name, "today": today,
        "windows": {key: {"from": start, "to": end,
                          "figures": _window_figures(_clean(total, f"{key}_"), start, end, {})}
                    for key, (start, end) in spans.items()},
        "open": _open_figures(total.get("backlog", 0), total.get("overdue", 0), {}),
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
