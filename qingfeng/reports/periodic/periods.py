"""The periods of the reports: a day, an ISO week (Monday–Sunday), a month, a quarter.

Written as on the command line: 2018-06-05, 2018-W23, 2018-06, 2018Q2.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from qingfeng.core.months import add_months, quarter_window

KINDS = ("day", "week", "month", "quarter")
_PATTERNS = {
    "day": re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    "week": re.compile(r"(\d{4})-?[Ww](\d{1,2})"),
    "month": re.compile(r"(\d{4})-(\d{1,2})"),
    "quarter": re.compile(r"(\d{4})-?[Qq]([1-4])"),
}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def value(self) -> str:
        """The period as the command line and the page's ?period= write it."""
        if self.kind == "day":
            return self.start.isoformat()
        if self.kind == "week":
            year, week, _day = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == "day":
            return _("%(year)s年%(month)s月%(day)s日") % {"year": s.year, "month": s.month, "day": s.day}
        if self.kind == "week":
            year, week, _day = s.isocalendar()
            return _("%(year)s年第%(week)s周") % {"year": year, "week": week}
        if self.kind == "month":
            return _("%(year)s年%(month)s月") % {"year": s.year, "month": s.month}
        return _("%(year)s年第%(quarter)s季度") % {"year": s.year, "quarter": (s.month - 1) // 3 + 1}

    @property
    def span(self) -> str:
        return f"{self.start.isoformat()} — {self.end.isoformat()}"

    def shifted(self, steps: int) -> "Period":
        """The period `steps` periods later (earlier when negative)."""
        if self.kind == "day":
            return day(self.start + timedelta(days=steps))
        if self.kind == "week":
            return week_of(self.start + timedelta(weeks=steps))
        if self.kind == "month":
            return month(*_year_month(add_months(self.start, steps)))
        return month_quarter(add_months(self.start, 3 * steps))

    def previous(self) -> "Period":
        return self.shifted(-1)

    def year_before(self) -> "Period":
        """The same period a year before: the same day (28 February for 29 February), ISO week
        number (week 52 when that year has no week 53), month or quarter."""
        s = self.start
        if self.kind == "day":
            return day(s.replace(year=s.year - 1) if (s.month, s.day) != (2, 29) else date(s.year - 1, 2, 28))
        if self.kind == "week":
            year, number, _day = s.isocalendar()
            try:
                return week(year - 1, number)
            except ValueError:
                return week(year - 1, 52)
        return self.shifted(-4 if self.kind == "quarter" else -12)


def _year_month(d: date) -> tuple[int, int]:
    return d.year, d.month


def day(d: date) -> Period:
    return Period("day", d, d)


def week(year: int, number: int) -> Period:
    start = date.fromisocalendar(year, number, 1)  # ValueError for a week the year lacks
    return Period("week", start, start + timedelta(days=6))


def week_of(d: date) -> Period:
    return Period("week", d - timedelta(days=d.weekday()), d - timedelta(days=d.weekday()) + timedelta(days=6))


def month(year: int, number: int) -> Period:
    start = date(year, number, 1)
    return Period("month", start, add_months(start, 1) - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    return Period("quarter", *quarter_window(year, number))


def month_quarter(d: date) -> Period:
    return quarter(d.year, (d.month - 1) // 3 + 1)


def current(kind: str, today: date) -> Period:
    """The period of `kind` that holds `today`."""
    if kind == "day":
        return day(today)
    if kind == "week":
        return week_of(today)
    if kind == "month":
        return month(today.year, today.month)
    return month_quarter(today)


def parse(value: str, kind: str | None = None) -> Period:
    """A Period from 2018-06-05 / 2018-W23 / 2018-06 / 2018Q2; `kind` insists on one of them.

    Raises ValueError with a Chinese message for anything else (a 13th month, week 54)."""
    text = (value or "").strip()
    kinds = (kind,) if kind else KINDS
    if kind is not None and kind not in KINDS:
        raise ValueError(_("未知的报表周期类型：%(kind)s") % {"kind": kind})
    for name in kinds:
        match = _PATTERNS[name].fullmatch(text)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()]
        try:
            if name == "day":
                return day(date(*numbers))
            if name == "week":
                return week(*numbers)
            if name == "month":
                return month(*numbers)
            return quarter(*numbers)
        except ValueError:
            break
    examples = {"day": "2018-06-05", "week": "2018-W23", "month": "2018-06", "quarter": "2018Q2"}
    raise ValueError(_("无法识别的报表周期：%(value)s（应写作 %(examples)s）") % {
        "value": text or "—", "examples": " / ".join(examples[k] for k in kinds)})
