"""Benchmark: import a generated 10,000-row ledger, import it again, export it.

    .venv/bin/python -m bench.bench_ledger [--rows 10000]

Runs on a fresh embedded SQLite database in a temporary QINGFENG_HOME (or the
database of DATABASE_URL, which it then fills: use a scratch database).
"""

import argparse
import os
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

    from qingfeng.clues.ledger_columns import COLUMNS

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
            f"BENCH-{i:06d}", received, source, rng.choice(CHANNELS) if source == "信访举报" else "",
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qf-bench-ledger-") as tmp:
        tmp = Path(tmp)
        setup_django(tmp)
        from qingfeng.clues.ledger_io import export_ledger, import_ledger
        from qingfeng.clues.models import Clue

        towns = make_county()
        ledger = tmp / "ledger.xlsx"
        started = time.perf_counter()
        write_ledger(ledger, args.rows, towns)
        print(f"generated {args.rows} rows in {time.perf_counter() - started:.1f}s")

        started = time.perf_counter()
        report = import_ledger(ledger)
        first = time.perf_counter() - started
        print(f"import:    {first:.1f}s  read {report.read} imported {report.imported} "
              f"updated {report.updated} rejected {report.rejected}  ({report.read / first:.0f} rows/s)")
        started = time.perf_counter()
        again = import_ledger(ledger)
        print(f"re-import: {time.perf_counter() - started:.1f}s  imported {again.imported} updated {again.updated} "
              f"(unchanged {again.unchanged})")
        started = time.perf_counter()
        count = export_ledger(tmp / "out.xlsx", include_reporter=True)
        print(f"export:    {time.perf_counter() - started:.1f}s  {count} rows; clues in db {Clue.objects.count()}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
