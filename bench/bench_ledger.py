"""Benchmark: build a 100,000-row ledger, import it into an empty database with a county,
import it again (every row an unchanged update), export it; rows/s and seconds.

    .venv/bin/python -m bench.bench_ledger [--rows 100000] [--profile]

Runs on a fresh embedded SQLite database in a temporary QINGFENG_HOME (or the
database of DATABASE_URL, which it then fills: use a scratch database). The
generated ledger is cached under bench/out/; the figures are written to
bench/out/ledger-<rows>-<database>.json. Target (issue 12): import ≥ 5,000 rows/s.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SOURCES = ["信访举报", "上级交办", "巡察移交", "审计移交", "部门移送", "大数据比对", "监督检查", "其他"]
CHANNELS = ["来信", "来访", "网络", "电话", "短信", "举报箱"]
CATEGORIES = ["虚报冒领", "截留挪用", "优亲厚友", "吃拿卡要", "违规收费", "形式主义官僚主义", "其他"]
DISPOSALS = ["谈话函询", "初步核实", "暂存待查", "予以了结", "立案审查调查", ""]


def setup_django(home: Path) -> None:
    os.environ["QINGFENG_HOME"] = str(home)  # never the real data directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def make_county() -> list[tuple[str, list[str]]]:
    from qingfeng.places.models import Jurisdiction

    L = Jurisdiction.Level
    county, _ = Jurisdiction.objects.get_or_create(code="430821", defaults={"name": "慈利县", "level": L.COUNTY})
    towns = []
    for t in range(1, 16):
        town, _ = Jurisdiction.objects.get_or_create(
            code=f"430821{100 + t}", defaults={"name": f"第{t}镇", "level": L.TOWNSHIP, "parent": county})
        villages = []
        for v in range(1, 11):
            village, _ = Jurisdiction.objects.get_or_create(
                code=f"{town.code}{200 + v}", defaults={"name": f"{t}镇{v}村", "level": L.VILLAGE, "parent": town})
            villages.append(village.name)
        towns.append((town.name, villages))
    return towns


def write_ledger(path: Path, rows: int, towns, seed: int = 7) -> None:
    from openpyxl import Workbook

    from qingfeng.clues.ledger import COLUMNS

    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("问题线索台账")
    sheet.append([c.zh for c in COLUMNS])
    for i in range(rows):
        received = date(2018, 1, 1) + timedelta(days=rng.randrange(900))
        source = rng.choice(SOURCES)
        town, villages = rng.choice(towns)
        closed = rng.random() < 0.6
        filed = rng.random() < 0.1
        sheet.append([
            f"XS{received.year}{i:05d}", received, source, rng.choice(CHANNELS) if source == "信访举报" else "",
            rng.choice(["匿名", f"反映人{i}"]), f"1380000{i:04d}", f"被反映人{i}", "村委会 会计", town,
            rng.choice(villages), rng.choice(CATEGORIES), "反映虚报冒领低保金等问题" * 3, round(rng.uniform(0, 50000), 2),
            rng.choice(["是", "否"]), rng.choice(DISPOSALS), "乡镇纪委", "承办人", received + timedelta(days=30),
            "已办结" if closed else rng.choice(["待处置", "办理中"]),
            received + timedelta(days=rng.randrange(1, 120)) if closed else None,
            "是" if filed else "否", received + timedelta(days=20) if filed else None,
            rng.randrange(3), rng.randrange(2), rng.randrange(3), 0, round(rng.uniform(0, 5000), 2), 0,
            rng.choice(["是", "否"]), None, "否", "",
        ])
    workbook.save(path)


OUT = Path(__file__).resolve().parent / "out"
CPU: dict[str, float] = {}


def timed(label: str, work, profile: Path | None = None):
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    result = work()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"{label}: {seconds:.2f}s wall, {cpu:.2f}s cpu (this process; the machine may be shared)")
    CPU[label] = round(cpu, 2)
    return result, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the first import (bench/out/*.prof)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qf-bench-ledger-") as tmp:
        tmp = Path(tmp)
        setup_django(tmp)
        from django.db import connection

        from qingfeng.clues.ledger import do_export_ledger, do_import_ledger
        from qingfeng.clues.models import Clue

        towns = make_county()
        ledger = OUT / f"ledger-{args.rows}-{args.seed}.xlsx"
        if not ledger.exists():
            started = time.perf_counter()
            write_ledger(ledger, args.rows, towns, args.seed)
            print(f"generated {args.rows} rows in {time.perf_counter() - started:.1f}s -> {ledger}")

        profile = OUT / f"ledger-import-{args.rows}.prof" if args.profile else None
        report, first = timed("import", lambda: do_import_ledger(ledger, acting_user=None), profile)
        print(f"import:    {first:.1f}s  read {report.read} imported {report.imported} "
              f"updated {report.updated} rejected {report.rejected}  ({report.read / first:.0f} rows/s)")
        again, second = timed("re-import", lambda: do_import_ledger(ledger, acting_user=None))
        print(f"re-import: {second:.1f}s  imported {again.imported} updated {again.updated} "
              f"(unchanged {again.unchanged})  ({again.read / second:.0f} rows/s)")
        count, third = timed("export", lambda: do_export_ledger(tmp / "out.xlsx", acting_user=None))
        print(f"export:    {third:.1f}s  {count} rows; clues in db {Clue.objects.count()}")
        figures = {
            "rows": args.rows,
            "database": connection.vendor,
            "import": {"seconds": round(first, 2), "rows_per_s": round(report.read / first),
                       "imported": report.imported, "rejected": report.rejected},
            "reimport": {"seconds": round(second, 2), "rows_per_s": round(again.read / second),
                         "updated": again.updated, "unchanged": again.unchanged},
            "export": {"seconds": round(third, 2), "rows": count},
            "cpu_seconds": CPU,
        }
    path = OUT / f"ledger-{args.rows}-{figures['database']}.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
