"""Reading a year's official holiday schedule from a table (CSV or .xlsx): 日期, 类型, 名称.

One row per day: 日期 (2027-02-06, 2027/2/6 or a spreadsheet date), 类型 (节假日 or 调休上班;
also 休 / 班 / holiday / workday), 名称 (春节 …, may be empty). Every problem is reported with
its row, column and reason (qingfeng.core.rows.RowReport); the action writes only a table
without problems. `day_problems` are the checks of one day, shared with the single-day form.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from qingfeng.core.models import CalendarDay
from qingfeng.core.rows import RowReport
from qingfeng.core.tables import TableFileError
from qingfeng.core.text import forbidden_character

COLUMNS = {"day": "日期", "kind": "类型", "name": "名称"}  # field → the table's column
REQUIRED = ("day", "kind")
KIND_WORDS = {
    "节假日": CalendarDay.HOLIDAY, "休": CalendarDay.HOLIDAY, "放假": CalendarDay.HOLIDAY,
    "holiday": CalendarDay.HOLIDAY,
    "调休上班": CalendarDay.WORKDAY, "班": CalendarDay.WORKDAY, "上班": CalendarDay.WORKDAY,
    "workday": CalendarDay.WORKDAY,
}
NAME_MAX = 40


class CalendarFileError(TableFileError):
    """The schedule file as a whole cannot be read, or holds no day."""


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    kind: str
    name: str


@dataclass
class ScheduleReport(RowReport):
    days: list = field(default_factory=list)  # ScheduleDay of the rows without problems, in date order
    loaded: bool = False  # set by the action once the days are written


def day_problems(day: date | None, kind: str, name: str) -> list[tuple[str, str]]:
    """What is wrong with one day of the calendar, as (field, reason); field is "kind" or "name".

    `kind` is CalendarDay.HOLIDAY / WORKDAY, or whatever word was given instead."""
    problems = []
    if kind not in (CalendarDay.HOLIDAY, CalendarDay.WORKDAY):
        problems.append(("kind", _("类型应为“节假日”或“调休上班”，不是“%(value)s”") % {"value": kind}))
    elif day is not None and kind == CalendarDay.WORKDAY and day.weekday() < 5:
        problems.append(("kind", _("%(date)s 是周一至周五，本来就是工作日，不必列为调休上班") % {
            "date": day.isoformat()}))
    if len(name) > NAME_MAX:
        problems.append(("name", _("名称过长（最多 %(max)s 个字）") % {"max": NAME_MAX}))
    elif code := forbidden_character(name):
        problems.append(("name", _("名称含有不可见的控制字符（%(code)s）") % {"code": code}))
    return problems


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    if text.endswith(" 00:00:00"):
        text = text[:-9]
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def _header(rows: list[list], report: ScheduleReport) -> dict[str, int] | None:
    if not rows:
        report.reject(1, [(COLUMNS["day"], _("表格是空的：第一行应为表头 日期、类型、名称"))])
        return None
    header = {_text(cell): i for i, cell in enumerate(rows[0]) if _text(cell)}
    missing = [COLUMNS[f] for f in REQUIRED if COLUMNS[f] not in header]
    if missing:
        report.reject(1, [(c, _("缺少此列（表头应为 日期、类型、名称）")) for c in missing])
        return None
    return {f: header[c] for f, c in COLUMNS.items() if c in header}


def read_schedule(rows: list[list], year: int) -> ScheduleReport:
    """Check every row of the sheet `rows` as a day of `year`; the report's `days` are the good ones."""
    report = ScheduleReport()
    header = _header(rows, report)
    if header is None:
        return report
    seen = {}

    def cell(row, key):
        i = header.get(key)
        return row[i] if i is not None and i < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        report.read += 1
        day, raw_kind, name = _date(cell(row, "day")), _text(cell(row, "kind")), _text(cell(row, "name"))
        kind = KIND_WORDS.get(raw_kind.lower() if raw_kind.isascii() else raw_kind, raw_kind)
        problems = []
        if day is None:
            problems.append((COLUMNS["day"], _("无法识别的日期“%(value)s”（应为 2027-02-06 这样的日期）")
                             % {"value": _text(cell(row, "day"))}))
        elif day.year != year:
            problems.append((COLUMNS["day"], _("%(date)s 不在 %(year)s 年内") % {"date": day.isoformat(), "year": year}))
        elif day in seen:
            problems.append((COLUMNS["day"], _("%(date)s 与第 %(row)s 行重复") % {
                "date": day.isoformat(), "row": seen[day]}))
        problems += [(COLUMNS[f], reason) for f, reason in day_problems(day, kind, name)]
        if day is not None:
            seen.setdefault(day, number)
        if problems:
            report.reject(number, problems)
        else:
            report.days.append(ScheduleDay(day, kind, name))
    report.days.sort(key=lambda d: d.day)
    return report
