"""Benchmark: the leadership dashboard on the staff home at county scale (issue 9).

    .venv/bin/python -m bench.dashboard [--clues 100000] [--measures 20000] [--accountability 1000]
                                        [--requests 20] [--check]

Builds the fixture of bench.report_stats (the demo county's places, `--clues` clues over
2018-2020, 60 % closed, 10 % of those filed; `--measures` persons handled, `--accountability`
问责 rows) by bulk_create, freezes "today" at 2020-11-20 (inside the data: this month and
this quarter hold about 1,400 and 4,700 clues, the backlog about 40,000), and times through
the Django test client — server time, no network — the staff home with the dashboard panel
for the county leadership and for an area leader, the dashboard's figures alone, and its two
charts: p50/p95 of `--requests` requests after two warm-ups. Target: the dashboard (the
leadership home) p95 ≤ 300 ms on PostgreSQL with 100,000 clues. Figures go to
bench/out/dashboard-<database>.json.

Runs on SQLite in a temporary QINGFENG_HOME, or on the database of DATABASE_URL, which it
fills (use a scratch database: `scripts/with-postgres .venv/bin/python -m bench.dashboard`);
on PostgreSQL it runs ANALYZE after the load, as autovacuum would.
"""

import json
import statistics
import sys
import time
from datetime import date

from bench.bench_ledger import OUT
from bench.bench_web import time_page
from bench.report_stats import ledger_arguments, on_ledger

TARGET = 0.300
TODAY = date(2020, 11, 20)


def _timed(run, repeat: int) -> dict:
    for _ in range(2):
        run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]}


def measure(places: dict, requests: int) -> list[dict]:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from qingfeng.accounts.models import Role, User
    from qingfeng.places.models import Jurisdiction
    from qingfeng.reports import dashboard

    settings.ALLOWED_HOSTS = ["*"]
    settings.REQUIRE_2FA = False
    timezone.localdate = lambda *args, **kwargs: TODAY  # every caller looks it up on the module
    area = places["township"].parent
    assert area.level == Jurisdiction.Level.AREA, area
    users = {
        "leadership": User.objects.create(username="bench-dash-leader", role=Role.LEADERSHIP,
                                          jurisdiction=places["county"], password="!"),
        "area leader": User.objects.create(username="bench-dash-area", role=Role.AREA_LEADER, jurisdiction=area,
                                           password="!"),
    }
    rows = []
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        pages = [("staff home + dashboard", reverse("staff:home"), TARGET)]
        pages += [(f"chart {name}", reverse("reports:dashboard_chart", args=[name]), None)
                  for name in ("townships", "trend")]
        for name, url, target in pages:
            figures = time_page(client, url, requests)
            rows.append({"page": name, "user": who, "target": target, **figures,
                         "ok": target is None or figures["p95"] <= target})
        figures = _timed(lambda u=user: dashboard.figures(u, TODAY), requests)
        rows.append({"page": "dashboard.figures()", "user": who, "target": None, **figures, "ok": True})
    return rows


def main(argv=None) -> int:
    parser = ledger_arguments("python -m bench.dashboard", __doc__, seed=9)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args(argv)
    rows, database, load = on_ledger(args, "qingfeng-bench-dashboard-",
                                     lambda places, _home: measure(places, args.requests))
    print(f"{args.clues:,} clues, {args.measures:,} measures, {args.accountability:,} 问责 on {database} "
          f"(built in {load:.1f} s), today {TODAY}; ms, p50 / p95 of {args.requests}:")
    for row in rows:
        mark = "" if row["target"] is None else ("  ok" if row["ok"] else f"  OVER {row['target'] * 1000:.0f}")
        print(f"  {row['user']:<12} {row['page']:<24} {row['p50'] * 1000:7.1f} / {row['p95'] * 1000:7.1f}{mark}")
    OUT.mkdir(exist_ok=True)
    out = OUT / f"dashboard-{database}.json"
    out.write_text(json.dumps({"clues": args.clues, "database": database, "today": TODAY.isoformat(),
                               "target": TARGET, "results": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"→ {out}")
    return 1 if args.check and not all(r["ok"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
