"""Benchmark: import a three-sheet ledger workbook — 10,000 clues, 5,000 处理人员 rows, 200 问责
rows — into an empty database with a county, then import it again (nothing changes).

    .venv/bin/python -m bench.ledger_sheets [--clues 10000] [--persons 5000] [--accountability 200]

Runs on a fresh embedded SQLite database in a temporary QINGFENG_HOME (or DATABASE_URL's:
use a scratch database). Target (issue 8): the first import ≤ 10 s on SQLite. Figures go to
bench/out/ledger-sheets-<database>.json.
"""

import argparse
import json
import random
import tempfile
from pathlib import Path

from bench.bench_ledger import OUT, make_county, setup_django, timed, write_ledger

PERSON_MEASURES = [("党纪处分", "警告"), ("党纪处分", "严重警告"), ("政务处分", "记过"), ("组织处理", "调离岗位"),
                   ("第一种形态", "批评教育"), ("第一种形态", "诫勉"), ("移送司法", "移送检察机关")]
RANKS = ["乡科级", "一般干部", "村(社区)干部"]


def write_workbook(path: Path, clues: int, persons: int, accountability: int, towns, seed: int = 7) -> None:
    """The bench_ledger ledger with the two other sheets appended."""
    from openpyxl import load_workbook

    write_ledger(path, clues, towns, seed)
    rng = random.Random(seed)
    workbook = load_workbook(path)  # small enough at 10,000 rows
    numbers = [row[0].value for row in workbook.worksheets[0].iter_rows(min_row=2, max_col=1)]
    sheet = workbook.create_sheet("处理人员")
    sheet.append(["线索编号", "姓名", "单位及职务", "职级", "政治面貌", "处理类别", "处理种类", "决定日期", "四种形态", "追缴金额",
                  "退还群众金额"])
    for i in range(persons):
        kind, measure = rng.choice(PERSON_MEASURES)
        sheet.append([numbers[i % len(numbers)], f"人员{i // 3}", "村委会 会计", rng.choice(RANKS),
                      rng.choice(["中共党员", "非中共党员"]), kind, measure, None, "", round(rng.uniform(0, 2000), 2), 0])
    sheet = workbook.create_sheet("问责")
    sheet.append(["问责编号", "决定日期", "问责对象类型", "问责对象", "单位及职务", "所属乡镇", "是否主要负责人", "责任类型", "问责方式",
                  "问责事由", "关联线索编号"])
    for i in range(accountability):
        town, _villages = rng.choice(towns)
        leader = i % 3 != 0
        day = rng.randrange(300)
        sheet.append(["", f"2018-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}", "领导干部" if leader else "党组织",
                      f"对象{i}", f"{town} 党委", town, rng.choice(["是", "否"]) if leader else "",
                      rng.choice(["主体责任", "监督责任", "领导责任"]), "通报", "落实责任不力",
                      numbers[rng.randrange(len(numbers))]])
    workbook.save(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=10_000)
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--accountability", type=int, default=200)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="qf-bench-ledger-sheets-") as tmp:
        setup_django(Path(tmp))
        from django.db import connection

        from qingfeng.clues.ledger import do_import_ledger

        towns = make_county()
        path = OUT / f"ledger-sheets-{args.clues}-{args.persons}-{args.accountability}.xlsx"
        if not path.exists():
            write_workbook(path, args.clues, args.persons, args.accountability, towns)
        report, first = timed("import", lambda: do_import_ledger(path, acting_user=None))
        for line in report.lines()[:4] + [s.lines()[0] for s in report.sheets]:
            print("  " + line)
        again, second = timed("re-import", lambda: do_import_ledger(path, acting_user=None))
        figures = {
            "database": connection.vendor, "clues": args.clues, "persons": args.persons,
            "accountability": args.accountability, "import_seconds": round(first, 2),
            "reimport_seconds": round(second, 2), "target_seconds": 10,
            "sheets": {"ledger": [report.read, report.imported, report.updated, report.rejected],
                       **{s.sheet: [s.read, s.imported, s.updated, s.rejected] for s in report.sheets}},
            "reimport_unchanged": [again.unchanged, *[s.unchanged for s in again.sheets]],
        }
    out = OUT / f"ledger-sheets-{figures['database']}.json"
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"import {first:.2f}s (target ≤ 10 s), re-import {second:.2f}s -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
