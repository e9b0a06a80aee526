"""Village finance rules R14–R18 at the issue's scale: 1,000 villages × 2,000 entries
(2 M entries in the books, 2 M statement lines), with cadres and businesses for R18.

`.venv/bin/python -m bench.village_finance [--villages 1000] [--entries 2000] [--regenerate] [--signoffs N]`

The registries are generated as Parquet in a child process (so its memory does not
count) and cached under bench/out/data/village-<villages>x<entries>-<seed>/. This
process imports them into a fresh hub, then runs R14–R18 alone, and prints the import
time, the rule time (target ≤ 20 s) and the peak RSS of the process, DuckDB included
(target ≤ 4 GiB). Figures also go to bench/out/village-<timestamp>.json.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
RULES = ["R14", "R15", "R16", "R17", "R18"]
TARGETS = {"rules_s": 20, "peak_rss_gib": 4}
PEOPLE_PER_VILLAGE = 60


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def generate(out: Path, villages: int, entries: int, seed: int) -> None:
    """Write village_books, village_bank, cadres and businesses as Parquet (child process)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from qingfeng.engine.generator.ids import make_id
    from qingfeng.engine.generator.village import village_tables
    from qingfeng.engine.normalize import uscc_check_char

    rng = np.random.default_rng(seed)
    codes = [f"430821{100 + v // 40:03d}{200 + v % 40:03d}" for v in range(villages)]
    names, ids, home = [], [], []
    for v in range(villages):
        for p in range(PEOPLE_PER_VILLAGE):
            born = date(1950 + (v + p) % 50, 1 + p % 12, 1 + (v * 7 + p) % 28)
            names.append(f"村民{v}号{p}")
            ids.append(make_id(codes[v][:6], born, (v * PEOPLE_PER_VILLAGE + p) % 1000))
            home.append(v)
    books, bank = village_tables(pa.array(codes), rng, entries, (pa.array(names), pa.array(ids), np.array(home)))
    cadres = {k: [] for k in ("name", "id_number", "village_code", "position", "cadre_id_number", "relation",
                              "term_from", "term_to")}
    businesses = {k: [] for k in ("company", "uscc", "entity_type", "person_name", "person_id_number", "role",
                                  "founded_on", "dissolved_on")}
    for v in range(villages):
        base = v * PEOPLE_PER_VILLAGE
        for person, relation, cadre in ((base, "本人", base), (base + 1, "配偶", base), (base + 2, "本人", base + 2),
                                        (base + 3, "子女", base + 2)):
            for key, value in (("name", names[person]), ("id_number", ids[person]), ("village_code", codes[v]),
                               ("position", "村委会主任" if relation == "本人" else None),
                               ("cadre_id_number", ids[cadre]), ("relation", relation),
                               ("term_from", date(2018, 1, 1)), ("term_to", date(2020, 12, 31))):
                cadres[key].append(value)
        body = f"91430821MA{v:08d}"
        for key, value in (("company", f"慈利县{v}号建材有限公司"), ("uscc", body + uscc_check_char(body)),
                           ("entity_type", "有限责任公司"), ("person_name", names[base + 1]),
                           ("person_id_number", ids[base + 1]), ("role", "股东"),
                           ("founded_on", date(2015, 1, 1)), ("dissolved_on", None)):
            businesses[key].append(value)
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(books, out / "village_books.parquet")
    pq.write_table(bank, out / "village_bank.parquet")
    pq.write_table(pa.table(cadres), out / "cadres.parquet")
    pq.write_table(pa.table(businesses), out / "businesses.parquet")
    (out / ".complete").write_text("ok\n")


def ensure_bundle(villages: int, entries: int, seed: int, regenerate: bool) -> tuple[Path, float | None]:
    bundle = OUT / "data" / f"village-{villages}x{entries}-{seed}"
    if (bundle / ".complete").exists() and not regenerate:
        return bundle, None
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.village_finance", "--generate-only", "--villages", str(villages),
                    "--entries", str(entries), "--seed", str(seed), "--out", str(bundle)], check=True)
    return bundle, time.perf_counter() - began


def signoffs_of(hub, imported, every: int) -> list:
    """Every `every`-th expense signed off at a meeting three days after its booking (as the
    application passes the villages' monthly-meeting sign-offs to R15 and R17)."""
    if not every:
        return []
    table = imported.tables["village_books"]
    return hub.con.execute(f"SELECT village_code, voucher_no, booked_on + 3 FROM {table} "
                           f"WHERE direction = '支出' AND _row % {int(every)} = 0").fetchall()


def run_benchmark(villages: int, entries: int, seed: int, regenerate: bool, signoffs_every: int = 0) -> dict:
    from qingfeng.engine import runner
    from qingfeng.engine.hub import Hub

    bundle, generated_s = ensure_bundle(villages, entries, seed, regenerate)
    hub_path = OUT / "hub-village.duckdb"
    for stale in (hub_path, hub_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    with Hub(hub_path) as hub:
        began = time.perf_counter()
        imported = hub.import_bundle(bundle)
        import_s = time.perf_counter() - began
        signoffs = signoffs_of(hub, imported, signoffs_every)
        began = time.perf_counter()
        result = runner.run(hub, imported, rule_ids=RULES, save=False, signoffs=signoffs if signoffs_every else None)
        rules_s = time.perf_counter() - began
    hub_path.unlink(missing_ok=True)
    figures = {
        "villages": villages, "entries_per_village": entries, "seed": seed, "generated_s": generated_s,
        "rows": {k: r.rows_read for k, r in imported.reports.items()},
        "import_s": round(import_s, 2), "rules_s": round(rules_s, 2), "rule_s": result.timings,
        "signoffs": len(signoffs), "counts": result.counts, "skipped": result.skipped, "peak_rss_gib": round(peak_rss_gib(), 2),
        "targets": TARGETS,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"village-{datetime.now():%Y%m%dT%H%M%S}.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    return figures


def _print(f: dict) -> None:
    print(f"\n== 村级财务比对基准 village finance: {f['villages']} villages × {f['entries_per_village']} entries ==")
    for key, n in f["rows"].items():
        print(f"  {key:<14}{n:>12,} rows")
    if f["generated_s"]:
        print(f"  generate      {f['generated_s']:>9.1f} s (child process)")
    print(f"  import        {f['import_s']:>9.2f} s")
    if f.get("signoffs"):
        print(f"  sign-offs     {f['signoffs']:>12,} (monthly meetings, R15/R17)")
    print(f"  R14–R18       {f['rules_s']:>9.2f} s   (target ≤ {TARGETS['rules_s']} s)")
    print(f"  peak RSS      {f['peak_rss_gib']:>9.2f} GiB (target ≤ {TARGETS['peak_rss_gib']} GiB)")
    for rule, seconds in f["rule_s"].items():
        print(f"  {rule:<12}{seconds:>9.3f}{f['counts'].get(rule, ''):>12}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.village_finance")
    parser.add_argument("--villages", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=2000, help="entries per village (and as many lines)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--signoffs", type=int, default=0, metavar="N",
                        help="pass every N-th expense as signed off at a monthly meeting (R15/R17)")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate_only:
        generate(args.out, args.villages, args.entries, args.seed)
        return 0
    figures = run_benchmark(args.villages, args.entries, args.seed, args.regenerate, args.signoffs)
    _print(figures)
    ok = figures["rules_s"] <= TARGETS["rules_s"] and figures["peak_rss_gib"] <= TARGETS["peak_rss_gib"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
