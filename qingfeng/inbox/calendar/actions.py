"""Changes of the county's working-day calendar (qingfeng.core.models CalendarYear/CalendarDay).

Administrators only; each change is one transaction with one audit entry, and raises the
calendar's version (a Counter row, taken under its lock: two changes never interleave), so
every process re-reads the calendar at its next request (qingfeng.core.workdays).
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.audit.trail import record
from qingfeng.core import counters, isolation, workdays
from qingfeng.core.models import CalendarDay, CalendarYear
from qingfeng.core.text import forbidden_character
from qingfeng.inbox.calendar.reading import (
    CalendarFileError,
    ScheduleDay,
    ScheduleReport,
    day_problems,
    read_schedule,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100


def can_keep_calendar(user) -> bool:
    return access.is_staff(user) and user.role == Role.ADMIN


def _require_admin(user) -> None:
    if not can_keep_calendar(user):
        raise PermissionDenied


def _changed() -> None:
    """First thing in each change: the version row's lock orders concurrent changes."""
    counters.next_value(workdays.VERSION_KEY)
    transaction.on_commit(workdays.forget)


def _written() -> None:
    """Last thing in each change: this process reads the new calendar at its next use (in this transaction too)."""
    workdays.forget()


def _days_of(year: int) -> list[dict]:
    return [{"day": d.day.isoformat(), "kind": d.kind, "name": d.name}
            for d in CalendarDay.objects.filter(day__year=year).order_by("day")]


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("年份应在 %(first)s 至 %(last)s 之间") % {"first": FIRST_YEAR, "last": LAST_YEAR}})


def _check_note(note: str) -> None:
    if code := forbidden_character(note or ""):
        raise ValidationError({"note": _("依据含有不可见的控制字符（%(code)s）") % {"code": code}})


def do_load_year_file(source, year: int, *, acting_user, note: str = "", name: str = "",
                      limits=None) -> ScheduleReport:
    """Load `year`'s schedule from a table (reading.read_schedule). When any row has a problem the
    report lists every one (row, column, reason) and nothing is written; otherwise the days
    replace the county's days of that year (do_load_year) and `report.loaded` is True.
    CalendarFileError: the file is unreadable, or holds no day at all."""
    _require_admin(acting_user)
    _check_year(year)
    _check_note(note)
    file_name = Path(name or str(source)).name
    book = isolation.read_book(source, file_name, error=CalendarFileError, limits=limits)
    report = read_schedule(book.first, year)
    if report.rejected:
        return report
    if not report.days:
        raise CalendarFileError(_("表格中没有任何日期"))
    do_load_year(year, report.days, acting_user=acting_user, note=note)
    report.loaded = True
    return report


def do_load_year(year: int, days: list[ScheduleDay], *, acting_user, note: str = "") -> CalendarYear:
    """`year`'s official schedule (days checked by reading.read_schedule): replaces the county's days of that year."""
    _require_admin(acting_user)
    _check_year(year)
    _check_note(note)
    if any(d.day.year != year for d in days):
        raise ValidationError({"file": _("表格中有不属于 %(year)s 年的日期") % {"year": year}})
    with transaction.atomic():
        _changed()
        before = _days_of(year)
        was_loaded = CalendarYear.objects.filter(year=year).exists()
        CalendarDay.objects.filter(day__year=year).delete()
        CalendarDay.objects.bulk_create([CalendarDay(day=d.day, kind=d.kind, name=d.name) for d in days])
        loaded, _created = CalendarYear.objects.update_or_create(year=year, defaults={"note": note[:200]})
        record(acting_user, "calendar.load_year", loaded,
               before={"loaded": was_loaded, "days": before},
               after={"loaded": True, "note": loaded.note, "days": _days_of(year)})
        _written()
    return loaded


def do_unload_year(year: int, *, acting_user) -> None:
    """Forget a loaded year: its days go, and the package (or Mon–Fri) applies again."""
    _require_admin(acting_user)
    with transaction.atomic():
        _changed()
        loaded = CalendarYear.objects.select_for_update().filter(year=year).first()
        if loaded is None:
            raise ValidationError({"year": _("%(year)s 年没有导入的节假日安排") % {"year": year}})
        before = {"loaded": True, "note": loaded.note, "days": _days_of(year)}
        CalendarDay.objects.filter(day__year=year).delete()
        record(acting_user, "calendar.unload_year", loaded, before=before, after={"loaded": False, "days": []})
        loaded.delete()
        _written()


def do_set_day(day: date, kind: str, name: str, *, acting_user) -> CalendarDay:
    """Add or change one day (a holiday, or a make-up working day on a weekend)."""
    _require_admin(acting_user)
    _check_year(day.year)
    name = (name or "").strip()
    problems = {}
    for field, reason in day_problems(day, kind, name):
        problems.setdefault(field, []).append(reason)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _changed()
        existing = CalendarDay.objects.select_for_update().filter(day=day).first()
        before = {"kind": existing.kind, "name": existing.name} if existing else None
        entry, _created = CalendarDay.objects.update_or_create(day=day, defaults={"kind": kind, "name": name})
        record(acting_user, "calendar.set_day", entry, before=before,
               after={"day": day.isoformat(), "kind": kind, "name": name})
        _written()
    return entry


def do_remove_day(day: date, *, acting_user) -> None:
    """Remove one day of the county's calendar: the year's rule (package or Mon–Fri) applies to it again."""
    _require_admin(acting_user)
    with transaction.atomic():
        _changed()
        existing = CalendarDay.objects.select_for_update().filter(day=day).first()
        if existing is None:
            raise ValidationError({"day": _("%(date)s 不在本县工作日历中") % {"date": day.isoformat()}})
        record(acting_user, "calendar.remove_day", existing,
               before={"day": day.isoformat(), "kind": existing.kind, "name": existing.name}, after=None)
        existing.delete()
        _written()
