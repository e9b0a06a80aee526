"""Benchmark: `qingfeng report stats` at county scale — the totals and every breakdown.

    .venv/bin/python -m bench.report_stats [--clues 100000] [--measures 20000] [--accountability 1000]
                                           [--repeat 5] [--check]

Builds a fresh database by bulk_create — the demo county's places, `--clues` clues over
three years (60 % closed, 10 % of those filed), five campaigns tagging a third of them,
`--measures` persons handled on closed clues (every kind, 40 % village cadres) and
`--accountability` 问责 rows (half linked to a clue) — then times the command
`report stats --json` for the totals and for each `--by` (best and median of `--repeat`
runs after one warm-up), and the staff page's path (totals and all breakdowns in one
`summary`) for the county and for one township officer's scope. Target (issue 8): every
`report stats` ≤ 1 s on PostgreSQL. Figures go to bench/out/report-stats-<database>.json.

Runs on SQLite in a temporary QINGFENG_HOME, or on the database of DATABASE_URL, which it
fills (use a scratch database: `PGPORT=54345 scripts/with-postgres .venv/bin/python -m
bench.report_stats`); on PostgreSQL it runs ANALYZE after the load, as autovacuum would.
"""

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.bench_ledger import OUT, SOURCES, setup_django

TARGET = 1.0
CATEGORIES = ["虚报冒领", "截留挪用", "优亲厚友", "吃拿卡要", "违规收费", "形式主义官僚主义"]
CAMPAIGNS = ["危房改造和易地搬迁", "互联网+监督数据比对", "村级财务清查", "退耕还林三项补助", "生态扶贫"]
START = date(2018, 1, 1)


def build(n_clues: int, n_measures: int, n_accountability: int, seed: int) -> dict:
    from django.db import transaction

    from qingfeng.cases import measures as m
    from qingfeng.cases.models import Accountability, Campaign, Measure
    from qingfeng.clues.models import Clue, Stage, State
    from qingfeng.demo.loader import load_geography
    from qingfeng.engine.generator.county import demo_county
    from qingfeng.places.models import Jurisdiction

    rng = random.Random(seed)
    county = load_geography(demo_county())
    townships = list(Jurisdiction.objects.filter(level=Jurisdiction.Level.TOWNSHIP))
    with transaction.atomic():
        campaigns = Campaign.objects.bulk_create(
            [Campaign(name=name, year=2018 + i // 4, quarter=i % 4 + 1) for i, name in enumerate(CAMPAIGNS)])
        clues = []
        for i in range(n_clues):
            received = START + timedelta(days=rng.randrange(3 * 365))
            town = rng.choice(townships)
            closed = rng.random() < 0.6
            filed = closed and rng.random() < 0.1
            clues.append(Clue(
                clue_no=f"BENCH-{i:06d}", received_on=received, source=rng.choice(SOURCES), township=town,
                owner=town, category=rng.choice(CATEGORIES), summary="反映虚报冒领低保金等问题",
                state=State.CLOSED if closed else State.IN_PROGRESS,
                stage=Stage.CLOSED if closed else Stage.HANDLING,
                due_on=received + timedelta(days=rng.randrange(30, 120)),
                closed_on=received + timedelta(days=rng.randrange(1, 120)) if closed else None,
                case_filed=filed, filed_on=received + timedelta(days=5) if filed else None,
                persons_sanctioned=rng.randrange(2) if closed else 0,
                recovered=round(rng.uniform(0, 5000), 2) if closed else 0,
                campaign=rng.choice(campaigns) if rng.random() < 0.33 else None,
            ))
        Clue.objects.bulk_create(clues, batch_size=2000)
        closed = list(Clue.objects.filter(closed_on__isnull=False).values_list("id", "closed_on", "township_id"))
        kinds = [(kind, measure) for kind, names in m.MEASURES.items() for measure in names]
        rows, seen = [], set()
        while len(rows) < n_measures:
            clue_id, closed_on, _town = rng.choice(closed)
            kind, measure = rng.choice(kinds)
            name = f"人员{rng.randrange(3)}"
            if (clue_id, name, kind, measure) in seen:
                continue
            seen.add((clue_id, name, kind, measure))
            rows.append(Measure(
                clue_id=clue_id, name=name, kind=kind, measure=measure, form=m.form_of(kind, measure),
                rank=m.Rank.VILLAGE if rng.random() < 0.4 else rng.choice(m.Rank.values),
                decided_on=closed_on - timedelta(days=rng.randrange(5)), recovered=round(rng.uniform(0, 500), 2)))
        Measure.objects.bulk_create(rows, batch_size=2000)
        held = []
        for i in range(n_accountability):
            linked = rng.choice(closed) if rng.random() < 0.5 else None
            town = next(t for t in townships if t.id == linked[2]) if linked else rng.choice(townships)
            target_type = rng.choice(m.TargetType.values)
            held.append(Accountability(
                no=f"WZB{i:06d}", decided_on=linked[1] if linked else START + timedelta(days=rng.randrange(3 * 365)),
                target_type=target_type, target=f"对象{i}", township=town, owner=town,
                principal=target_type == m.TargetType.LEADER and rng.random() < 0.3,
                responsibility=rng.choice(m.Responsibility.values),
                measure=rng.choice(m.ACCOUNTABILITY_MEASURES[target_type]), clue_id=linked[0] if linked else None))
        Accountability.objects.bulk_create(held, batch_size=2000)
    return {"county": county, "township": townships[0]}


def _timed(run, repeat: int) -> dict:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"best": min(times), "median": statistics.median(times)}


def measure(places: dict, repeat: int) -> dict:
    from django.core.management import call_command

    from qingfeng.accounts.models import Role, User
    from qingfeng.reports import indicators
    from qingfeng.reports.scope import stats_accountability, stats_clues

    window = ["--from", "2018-01-01", "--to", "2020-12-31"]

    def command(*by):
        return lambda: call_command("report", "stats", *window, "--json", *by, stdout=io.StringIO())

    figures = {"report stats (totals)": _timed(command(), repeat)}
    for dimension in indicators.DIMENSIONS:
        figures[f"report stats --by {dimension}"] = _timed(command("--by", dimension), repeat)
    officer = User.objects.create(username="bench-township", role=Role.TOWNSHIP, jurisdiction=places["township"],
                                  password="!")
    leader = User.objects.create(username="bench-leader", role=Role.LEADERSHIP, jurisdiction=places["county"],
                                 password="!")
    for label, user in (("county", leader), ("township", officer)):
        figures[f"page summary, {label}"] = _timed(lambda u=user: indicators.summary(
            stats_clues(u), START, date(2020, 12, 31), accountability=stats_accountability(u)), repeat)
    return figures


def ledger_arguments(prog: str, doc: str, seed: int) -> argparse.ArgumentParser:
    """The options every benchmark on the bench ledger (`build`) shares."""
    parser = argparse.ArgumentParser(prog=prog, description=doc.splitlines()[0])
    parser.add_argument("--clues", type=int, default=100_000)
    parser.add_argument("--measures", type=int, default=20_000)
    parser.add_argument("--accountability", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    return parser


def on_ledger(args, prefix: str, measure, prepare=None):
    """Build the bench ledger of `args` (in a fresh QINGFENG_HOME, or on DATABASE_URL), run
    `prepare()` if given, then `measure(places, home)`: (its result, database, seconds to build)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as home:
        setup_django(Path(home))
        from django.db import connection

        started = time.perf_counter()
        places = build(args.clues, args.measures, args.accountability, args.seed)
        if prepare is not None:
            prepare()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        load = time.perf_counter() - started
        return measure(places, Path(home)), connection.vendor, load


def main(argv=None) -> int:
    parser = ledger_arguments("python -m bench.report_stats", __doc__, seed=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    figures, database, load = on_ledger(args, "qingfeng-bench-stats-", lambda places, _home: measure(places, args.repeat))
    print(f"{args.clues:,} clues, {args.measures:,} measures, {args.accountability:,} 问责 on {database} "
          f"(built in {load:.1f} s); seconds, best / median of {args.repeat}:")
    missed = []
    for name, t in figures.items():
        late = name.startswith("report stats") and t["median"] > TARGET
        print(f"  {name:<34} {t['best']:.3f} / {t['median']:.3f}{'  > target' if late else ''}")
        if late:
            missed.append(name)
    OUT.mkdir(exist_ok=True)
    out = OUT / f"report-stats-{database}.json"
    out.write_text(json.dumps({"clues": args.clues, "measures": args.measures, "accountability": args.accountability,
                               "database": database, "target": TARGET, "figures": figures}, indent=2))
    print(f"→ {out}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
