"""Warnings before the reports' key dates, and the bulletin not yet issued (issue 9).

The county's rhythm (ledger.md §7, 周汇总·月排查·季分析): on the day a report falls due
the staff who make or receive it see a warning on their home page, linked to the
report of the period it covers:

- the weekly summary on Monday, for the past week (ISO week, Monday to Sunday);
- the monthly check from the 1st to the 5th, for last month;
- the quarterly analysis in the quarter's first week — days 1 to 7 of its first month
  (January, April, July, October) — for last quarter.

Plain calendar days: these rules name weekdays and days of the month, so the working-day
calendar (qingfeng.core.workdays) plays no part — a Monday that is a public holiday
still shows the weekly warning, and the 5th still ends the monthly one.

Who sees them: the roles with a jurisdiction who make or receive the reports —
leadership (县纪委领导, who receive every report), intake (信访室, who compile the
county's), area leaders (片区负责人) and township officers (乡镇纪委), who report on
their own area. Case handlers, department liaisons, village committees and
administrators do not report on a period and see none.

The bulletin warning (上月典型案例通报尚未印发) goes to leadership alone, who approve and
issue the bulletin: every day of the month while last month's bulletin is not issued.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qingfeng.accounts.models import Role
from qingfeng.bulletins.status import issued_for
from qingfeng.reports.periodic import periods

REPORT_ROLES = frozenset({Role.LEADERSHIP, Role.INTAKE, Role.AREA_LEADER, Role.TOWNSHIP})
BULLETIN_ROLES = frozenset({Role.LEADERSHIP})
MONTHLY_LAST_DAY = 5
QUARTERLY_LAST_DAY = 7


@dataclass(frozen=True)
class Due:
    kind: str  # "week", "month", "quarter" or "bulletin"
    period: str  # 2018-W23 / 2018-06 / 2018Q2 (the report page's ?period=), or 2018-06 for a bulletin
    text: str
    url: str  # "" when the page is not installed


def _last_month(today: date) -> tuple[int, int]:
    start = periods.current("month", today).previous().start
    return start.year, start.month


def reports_due(today: date) -> list[tuple[str, str]]:
    """(kind, period) of the reports due on `today`, in the order week, month, quarter:
    each time the period before the current one."""
    kinds = []
    if today.weekday() == 0:
        kinds.append("week")
    if today.day <= MONTHLY_LAST_DAY:
        kinds.append("month")
    if today.month in (1, 4, 7, 10) and today.day <= QUARTERLY_LAST_DAY:
        kinds.append("quarter")
    return [(kind, periods.current(kind, today).previous().value) for kind in kinds]


def _link(name: str, **query) -> str:
    """The URL of `name` with `query`, or "" while that page is not installed."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def _report_text(kind: str, period: str, today: date) -> str:
    if kind == "week":
        monday = today - timedelta(days=7)
        return _("今日应报送上周周汇总（%(period)s，%(start)s 至 %(end)s）") % {
            "period": period, "start": monday.isoformat(), "end": (monday + timedelta(days=6)).isoformat()}
    if kind == "month":
        year, month = period.split("-")
        return _("本月%(day)s日前应报送上月月排查（%(year)s年%(month)s月）") % {
            "day": MONTHLY_LAST_DAY, "year": year, "month": int(month)}
    year, quarter = period.split("Q")
    return _("本季度第一周（%(day)s日前）应报送上季度季分析（%(year)s年第%(quarter)s季度）") % {
        "day": QUARTERLY_LAST_DAY, "year": year, "quarter": quarter}


def warnings_for(user, today: date) -> list[Due]:
    """The warnings `user` sees on `today` (one query at most: the bulletin's status)."""
    shown = []
    if user.role in REPORT_ROLES:
        for kind, period in reports_due(today):
            shown.append(Due(kind, period, _report_text(kind, period, today), _link("reports:period", period=period)))
    if user.role in BULLETIN_ROLES:
        year, month = _last_month(today)
        if not issued_for(year, month):
            text = _("上月典型案例通报尚未印发（%(year)s年%(month)s月）") % {"year": year, "month": month}
            shown.append(Due("bulletin", f"{year}-{month:02d}", text, _link("bulletins:index")))
    return shown
