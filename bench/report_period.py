"""Benchmark: `qingfeng report period` at county scale — the quarterly analysis as a PDF with charts.

    .venv/bin/python -m bench.report_period [--clues 100000] [--measures 20000] [--accountability 1000]
                                            [--repeat 3] [--check]

Builds the database of bench.report_stats (the demo county, `--clues` clues over 2018–2020,
persons handled, 问责 rows), adds 2,000 督办 notices, then times the command for the
quarter 2019Q2 as PDF (target, issue 9: ≤ 10 s), Word and Excel, the month 2019-06 as PDF
(its overdue list stops at content.LIST_CAP rows) and Excel (every overdue clue), the
week and the day as PDF, and a township officer's quarterly PDF through the staff page.
Best and median of `--repeat` runs after one warm-up. Figures go to
bench/out/report-period-<database>.json. Runs on SQLite in a temporary QINGFENG_HOME, or
on DATABASE_URL (`PGPORT=54346 scripts/with-postgres .venv/bin/python -m bench.report_period`).
"""

import io
import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bench.bench_ledger import OUT
from bench.report_stats import _timed, ledger_arguments, on_ledger

TARGET = 10.0


def add_notices(n: int, seed: int) -> None:
    from django.utils import timezone

    from qingfeng.accounts.models import Role, User
    from qingfeng.clues.models import Clue, SupervisionNotice
    from qingfeng.places.models import Jurisdiction

    rng = random.Random(seed)
    county = Jurisdiction.objects.get(parent__isnull=True)
    issuer = User.objects.create(username="bench-issuer", role=Role.LEADERSHIP, jurisdiction=county, password="!")
    ids = list(Clue.objects.values_list("id", "received_on"))
    notices, days = [], []
    for clue_id, received in rng.sample(ids, n):
        days.append(received + timedelta(days=rng.randrange(10, 90)))
        notices.append(SupervisionNotice(clue_id=clue_id, level=rng.choice([1, 2, 3]), message="请抓紧办理",
                                         reply_by=days[-1] + timedelta(days=10), issued_by=issuer))
    created = SupervisionNotice.objects.bulk_create(notices, batch_size=2000)
    for notice, day in zip(created, days):  # issued_at is auto_now_add: set the intended day afterwards
        notice.issued_at = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    SupervisionNotice.objects.bulk_update(created, ["issued_at"], batch_size=2000)


def measure(places: dict, repeat: int, home: Path) -> dict:
    from django.core.management import call_command
    from django.test import Client

    from qingfeng.accounts.models import Role, User

    def command(option, value, suffix):
        out = home / f"period{suffix}"
        return lambda: call_command("report", "period", option, value, "--out", str(out), stdout=io.StringIO())

    figures = {}
    for name, args in (
        ("quarter 2019Q2 PDF (charts)", ("--quarter", "2019Q2", ".pdf")),
        ("quarter 2019Q2 Word", ("--quarter", "2019Q2", ".docx")),
        ("quarter 2019Q2 Excel", ("--quarter", "2019Q2", ".xlsx")),
        ("month 2019-06 PDF", ("--month", "2019-06", ".pdf")),
        ("month 2019-06 Excel (all overdue)", ("--month", "2019-06", ".xlsx")),
        ("week 2019-W23 PDF", ("--week", "2019-W23", ".pdf")),
        ("day 2019-06-05 PDF", ("--day", "2019-06-05", ".pdf")),
    ):
        figures[name] = _timed(command(*args), repeat)
        print(f"  {name:<40} {figures[name]['best']:.3f} / {figures[name]['median']:.3f}", flush=True)
    officer = User.objects.create(username="bench-period-township", role=Role.TOWNSHIP,
                                  jurisdiction=places["township"], password="!")
    client = Client()
    client.force_login(officer)

    def page(query):
        def run():
            assert client.get("/staff/reports/period/" + query).status_code == 200
        return run

    figures["page quarter, township officer (HTML)"] = _timed(page("?period=2019Q2"), repeat)
    figures["page quarter PDF, township officer"] = _timed(page("?period=2019Q2&format=pdf"), repeat)
    figures["page chart trend, township officer"] = _timed(page("chart/?period=2019Q2&chart=trend"), repeat)
    return figures


def main(argv=None) -> int:
    parser = ledger_arguments("python -m bench.report_period", __doc__, seed=9)
    parser.add_argument("--notices", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    def prepare():
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["*"]
        settings.REQUIRE_2FA = False
        add_notices(min(args.notices, args.clues), args.seed)

    figures, database, load = on_ledger(args, "qingfeng-bench-period-",
                                        lambda places, home: measure(places, args.repeat, home), prepare)
    print(f"{args.clues:,} clues, {args.measures:,} measures, {args.accountability:,} 问责, {args.notices:,} 督办 "
          f"on {database} (built in {load:.1f} s); seconds, best / median of {args.repeat}:")
    late = figures["quarter 2019Q2 PDF (charts)"]["median"] > TARGET
    for name, t in figures.items():
        print(f"  {name:<40} {t['best']:.3f} / {t['median']:.3f}")
    print(f"  target: quarterly PDF ≤ {TARGET:.0f} s — {'MISSED' if late else 'met'}")
    OUT.mkdir(exist_ok=True)
    out = OUT / f"report-period-{database}.json"
    out.write_text(json.dumps({"clues": args.clues, "database": database, "target": TARGET, "figures": figures},
                              indent=2))
    print(f"→ {out}")
    return 1 if args.check and late else 0


if __name__ == "__main__":
    sys.exit(main())
