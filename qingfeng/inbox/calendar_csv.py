"""Reading a year's official holiday schedule from a table (CSV or .xlsx): 日期, 类型, 名称.

One row per day: 日期 (2027-02-06, 2027/2/6 or a spreadsheet date), 类型 (节假日 or 调休上班;
also 休 / 班 / holiday / workday), 名称 (春节 …, may be empty). Every problem is reported with
its row, column and reason; a table with any problem is refused as a whole.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from qingfeng.core.models import CalendarDay
from qingfeng.core.tables import TableFileError

COLUMNS = ("日期", "类型", "名称")
KIND_WORDS = {
    "节假日": CalendarDay.HOLIDAY, "休": CalendarDay.HOLIDAY, "放假": CalendarDay.HOLIDAY,
    "holiday": CalendarDay.HOLIDAY,
    "调休上班": CalendarDay.WORKDAY, "班": CalendarDay.WORKDAY, "上班": CalendarDay.WORKDAY,
    "workday": CalendarDay.WORKDAY,
}
NAME_MAX = 40


@dataclass(frozen=True)
class Problem:
    row: int  # the table's row number (the header is row 1)
    column: str
    reason: str

    def __str__(self) -> str:
        return _("第 %(row)s 行“%(column)s”列：%(reason)s") % {
            "row": self.row, "column": self.column, "reason": self.reason}


class ScheduleError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class ScheduleDay:
    day: date
    kind: str
    name: str


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


def _header(rows: list[list]) -> dict[str, int]:
    if not rows:
        raise ScheduleError([Problem(1, COLUMNS[0], _("表格是空的：第一行应为表头 日期、类型、名称"))])
    header = {_text(cell): i for i, cell in enumerate(rows[0]) if _text(cell)}
    missing = [c for c in COLUMNS[:2] if c not in header]
    if missing:
        raise ScheduleError([Problem(1, c, _("缺少此列（表头应为 日期、类型、名称）")) for c in missing])
    return header


def parse_schedule(rows: list[list], year: int) -> list[ScheduleDay]:
    """The days of `year`'s schedule, in date order; ScheduleError listing every problem."""
    header = _header(rows)
    problems, days, seen = [], [], {}

    def cell(row, column):
        i = header.get(column)
        return row[i] if i is not None and i < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        if all(_text(v) == "" for v in row):
            continue
        day, raw_kind, name = _date(cell(row, "日期")), _text(cell(row, "类型")), _text(cell(row, "名称"))
        kind = KIND_WORDS.get(raw_kind.lower() if raw_kind.isascii() else raw_kind)
        if day is None:
            problems.append(Problem(number, "日期", _("无法识别的日期“%(value)s”（应为 2027-02-06 这样的日期）")
                                    % {"value": _text(cell(row, "日期"))}))
        elif day.year != year:
            problems.append(Problem(number, "日期", _("%(date)s 不在 %(year)s 年内") % {
                "date": day.isoformat(), "year": year}))
        elif day in seen:
            problems.append(Problem(number, "日期", _("%(date)s 与第 %(row)s 行重复") % {
                "date": day.isoformat(), "row": seen[day]}))
        if kind is None:
            problems.append(Problem(number, "类型", _("类型应为“节假日”或“调休上班”，不是“%(value)s”") % {
                "value": raw_kind}))
        elif day is not None and kind == CalendarDay.WORKDAY and day.weekday() < 5:
            problems.append(Problem(number, "类型", _("%(date)s 是周一至周五，本来就是工作日，不必列为调休上班") % {
                "date": day.isoformat()}))
        if len(name) > NAME_MAX:
            problems.append(Problem(number, "名称", _("名称过长（最多 %(max)s 个字）") % {"max": NAME_MAX}))
        if day is not None:
            seen.setdefault(day, number)
        if day is not None and kind is not None:
            days.append(ScheduleDay(day, kind, name))
    if problems:
        raise ScheduleError(problems)
    if not days:
        raise ScheduleError([Problem(2, "日期", _("表格中没有任何日期"))])
    return sorted(days, key=lambda d: d.day)


class CalendarFileError(TableFileError):
    """The schedule file as a whole cannot be read."""
