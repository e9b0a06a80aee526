"""Benchmark: the working-day calendar's hot path (qingfeng.core.workdays) with the county's table.

    .venv/bin/python -m bench.calendar_days [--days 200000]

`is_workday` now consults the county's calendar (a dict and a set kept per process,
revalidated once per request) before the `chinese_calendar` package. This times, in a
fresh SQLite database with a loaded 2027 schedule:
- `is_workday` over `--days` days cycling through 2020–2030 (package years, the loaded
  2027, unpublished years), next to the package's own `is_workday` on the same days;
- `add_working_days(d, 30)` for 10,000 start dates (the default 初步核实 time limit);
- `working_days_between` for 100,000 (received, today) pairs (the backlog's 已用工作日);
- the revalidation a request costs (the once-per-request read of the calendar's version).
Figures go to bench/out/calendar-days-<timestamp>.json.
"""

import argparse
import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.bench_web import OUT, setup_django


def _timed(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=200_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        setup_django(Path(home))
        import chinese_calendar

        from qingfeng.accounts.models import Role, User
        from qingfeng.core import workdays
        from qingfeng.inbox.calendar import actions as calendar_actions
        from qingfeng.inbox.calendar.reading import ScheduleDay
        from qingfeng.places.models import Jurisdiction

        county = Jurisdiction.objects.create(code="430821", name="慈利县", level=Jurisdiction.Level.COUNTY)
        admin = User.objects.create(username="root", role=Role.ADMIN, jurisdiction=county)
        festival = [date(2027, 2, d) for d in (5, 8, 9, 10, 11)]
        schedule = [ScheduleDay(d, "holiday", "春节") for d in festival] + [ScheduleDay(date(2027, 2, 20), "workday", "")]
        calendar_actions.do_load_year(2027, schedule, acting_user=admin)

        first = date(2020, 1, 1)
        span = (date(2031, 1, 1) - first).days  # 2020–2030: package years, the loaded 2027, unpublished years
        days = [first + timedelta(days=i % span) for i in range(args.days)]

        def package():
            for d in days:
                try:
                    chinese_calendar.is_workday(d)
                except NotImplementedError:
                    d.weekday()

        def county_aware():
            for d in days:
                workdays.is_workday(d)

        starts = [date(2024, 1, 1) + timedelta(days=i % 1400) for i in range(10_000)]
        pairs = [(date(2020, 1, 1) + timedelta(days=i % 2500), date(2027, 3, 1)) for i in range(100_000)]

        def revalidate():  # what request_started costs the calendar: one read of its version
            for _ in range(1000):
                workdays._recheck()
                workdays.is_workday(date(2027, 2, 5))

        figures = {
            "days": args.days,
            "package_is_workday_s": _timed(package),
            "county_is_workday_s": _timed(county_aware),
            "add_working_days_30_x10000_s": _timed(lambda: [workdays.add_working_days(s, 30) for s in starts]),
            "working_days_between_x100000_s": _timed(lambda: [workdays.working_days_between(a, b) for a, b in pairs]),
            "revalidation_per_request_ms": _timed(revalidate) / 1000 * 1000,
        }
        figures["per_day_ns"] = figures["county_is_workday_s"] / args.days * 1e9
        figures["package_per_day_ns"] = figures["package_is_workday_s"] / args.days * 1e9
    OUT.mkdir(exist_ok=True)
    out = OUT / f"calendar-days-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, indent=2))
    for key, value in figures.items():
        print(f"{key:34} {value:,.4f}" if isinstance(value, float) else f"{key:34} {value}")
    print(f"→ {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
