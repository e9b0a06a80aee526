"""工作日历: an administrator loads a year's official holiday schedule and corrects single days.

The views parse, authorise, call the actions (qingfeng.inbox.calendar.actions) and render;
the uploaded table is read and checked by `do_load_year_file`.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core import isolation, workdays
from qingfeng.core.models import CalendarDay, CalendarYear
from qingfeng.inbox.calendar import actions
from qingfeng.inbox.calendar.forms import DayForm, LoadYearForm, RemoveDayForm
from qingfeng.inbox.calendar.reading import CalendarFileError
from qingfeng.web.view_errors import (
    errors_as_messages,
    errors_on_form,
    valid_or_message,
)

YEARS_BEFORE, YEARS_AFTER = 1, 2  # the years the page lists around this one


def _require_admin(user):
    if not actions.can_keep_calendar(user):
        raise PermissionDenied
    return user


def _year_or_404(year: int) -> int:
    """A year in the URL the calendar keeps (2000–2100); any other is not a page (no date(99999, 1, 1))."""
    if not actions.FIRST_YEAR <= year <= actions.LAST_YEAR:
        raise Http404
    return year


def _source(year: int, loaded: set[int]) -> str:
    if year in loaded:
        return _("本县导入")
    if workdays.package_covers(year):
        return _("内置（chinese_calendar）")
    return _("无：暂按周一至周五")


def _index_context(form=None, problems=()) -> dict:
    today = timezone.localdate()
    loaded = {y.year: y for y in CalendarYear.objects.all()}
    years = sorted(set(range(today.year - YEARS_BEFORE, today.year + YEARS_AFTER + 1)) | set(loaded))
    counts = {}
    for day in CalendarDay.objects.values_list("day", flat=True):
        counts[day.year] = counts.get(day.year, 0) + 1
    rows = [{"year": y, "source": _source(y, set(loaded)), "scheduled": workdays.has_schedule(y),
             "days": counts.get(y, 0), "note": loaded[y].note if y in loaded else ""} for y in years]
    return {"rows": rows, "form": form or LoadYearForm(initial={"year": today.year + 1}), "problems": problems}


@login_required
def index(request):
    _require_admin(request.user)
    return render(request, "inbox/calendar.html", _index_context())


@login_required
def load(request):
    user = _require_admin(request.user)
    if request.method != "POST":
        return redirect("inbox:calendar")
    form, problems = LoadYearForm(request.POST, request.FILES), []
    if form.is_valid():
        year, upload = form.cleaned_data["year"], form.cleaned_data["file"]
        with errors_on_form(form, ""):
            try:
                report = actions.do_load_year_file(upload, year, acting_user=user, note=form.cleaned_data["note"],
                                                   name=upload.name, limits=isolation.upload_limits())
            except CalendarFileError as e:
                form.add_error("file", str(e))
            else:
                if report.loaded:
                    messages.success(request, _("已导入 %(year)s 年节假日安排：%(count)s 天。") % {
                        "year": year, "count": len(report.days)})
                    return redirect("inbox:calendar_year", year=year)
                problems = report.problem_lines()
    return render(request, "inbox/calendar.html", _index_context(form, problems), status=400)


def _effective_days(year: int) -> list[dict]:
    """Every day of `year` whose status differs from Mon–Fri, and where that comes from."""
    county = {d.day: d for d in CalendarDay.objects.filter(day__year=year)}
    shown, day = [], date(year, 1, 1)
    while day.year == year:
        works = workdays.is_workday(day)
        listed = county.get(day)
        if listed is not None or works != (day.weekday() < 5):
            shown.append({"day": day, "works": works, "county": listed,
                          "name": listed.name if listed else ""})
        day += timedelta(days=1)
    return shown


@login_required
def year_page(request, year: int):
    _require_admin(request.user)
    _year_or_404(year)
    loaded = CalendarYear.objects.filter(year=year).first()
    return render(request, "inbox/calendar_year.html", {
        "year": year, "loaded": loaded, "source": _source(year, {loaded.year} if loaded else set()),
        "scheduled": workdays.has_schedule(year), "days": _effective_days(year),
        "form": DayForm(initial={"kind": CalendarDay.HOLIDAY}),
    })


@login_required
def set_day(request, year: int):
    user = _require_admin(request.user)
    _year_or_404(year)
    form = DayForm(request.POST)
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, ""):
            d = form.cleaned_data
            actions.do_set_day(d["day"], d["kind"], d["name"], acting_user=user)
            messages.success(request, _("已保存 %(date)s。") % {"date": d["day"].isoformat()})
            return redirect("inbox:calendar_year", year=d["day"].year)
    return redirect("inbox:calendar_year", year=year)


@login_required
def remove_day(request, year: int):
    user = _require_admin(request.user)
    _year_or_404(year)
    form = RemoveDayForm(request.POST)
    if request.method == "POST" and valid_or_message(request, form):
        with errors_as_messages(request, ""):
            actions.do_remove_day(form.cleaned_data["day"], acting_user=user)
            messages.success(request, _("已删除 %(date)s。") % {"date": form.cleaned_data["day"].isoformat()})
    return redirect("inbox:calendar_year", year=year)


@login_required
def unload_year(request, year: int):
    user = _require_admin(request.user)
    _year_or_404(year)
    if request.method == "POST":
        with errors_as_messages(request, ""):
            actions.do_unload_year(year, acting_user=user)
            messages.success(request, _("已撤销 %(year)s 年导入的节假日安排。") % {"year": year})
    return redirect("inbox:calendar_year", year=year)
