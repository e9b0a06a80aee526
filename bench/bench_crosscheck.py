"""Import + all rules on a generated bundle; per-rule times, peak memory, R03 vs hand-written SQL.

The bundle is generated in a child process (so its memory does not count) and cached
under bench/out/data/. Results go to bench/out/<scale>-<timestamp>.json.
"""

import csv
import json
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Scale:
    households: int  # about 3.2 people and 33 payments per household
    args: tuple[str, ...]  # extra demo-data options
    targets: dict  # seconds / GiB


SCALES = {
    "small": Scale(3_000, ("--xlsx", "roll,standards"), {"total_s": 10}),
    "county": Scale(31_000, ("--xlsx", "roll,standards,cadres"), {"total_s": 10}),
    "province": Scale(3_100_000, ("--format", "parquet", "--no-answer-key"), {"rules_s": 300, "peak_rss_gib": 8}),
}


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def ensure_bundle(scale: str, seed: int, regenerate: bool) -> tuple[Path, float | None]:
    spec = SCALES[scale]
    bundle = OUT / "data" / f"{scale}-{seed}"
    done = bundle / ".complete"
    if done.exists() and not regenerate:
        return bundle, None
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "qingfeng.engine.generator.cli", str(bundle), "--households",
           str(spec.households), "--seed", str(seed), *spec.args]
    subprocess.run(cmd, check=True)
    done.write_text("ok\n")
    return bundle, time.perf_counter() - started


def run_benchmark(scale: str, seed: int = 1, regenerate: bool = False, threads: int | None = None,
                  memory_limit: str | None = None) -> int:
    from bench.handwritten import r03 as handwritten_r03
    from qingfeng.engine import runner
    from qingfeng.engine.hub import Hub

    bundle, generated_s = ensure_bundle(scale, seed, regenerate)
    OUT.mkdir(parents=True, exist_ok=True)
    hub_path = OUT / f"hub-{scale}.duckdb"
    for stale in (hub_path, hub_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    hub = Hub(hub_path)
    if threads:
        hub.con.execute(f"SET threads = {threads}")
    if memory_limit:
        if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit):
            raise SystemExit(f"--memory-limit {memory_limit!r}: expected e.g. 6GB")
        hub.con.execute(f"SET memory_limit = '{memory_limit}'")
    began = time.perf_counter()
    imported = hub.import_bundle(bundle)
    import_s = time.perf_counter() - began
    rows = {k: r.rows_read for k, r in imported.reports.items()}

    began = time.perf_counter()
    result = runner.run(hub, imported, save=False)
    rules_s = time.perf_counter() - began

    began = time.perf_counter()
    engine_r03 = runner.run(hub, imported, rule_ids=["R03"], save=False)
    engine_r03_s = time.perf_counter() - began
    began = time.perf_counter()
    hand = handwritten_r03(hub.con, imported.tables["payments"], imported.tables["deaths"])
    hand_r03_s = time.perf_counter() - began
    engine_ids = {h.payment_id for h in engine_r03.hits}

    figures = {
        "scale": scale, "seed": seed, "bundle": str(bundle), "generated_s": generated_s, "rows": rows,
        "import_s": round(import_s, 2), "rules_s": round(rules_s, 2), "total_s": round(import_s + rules_s, 2),
        "rule_s": result.timings, "counts": result.counts, "peak_rss_gib": round(peak_rss_gib(), 2),
        "r03": {"engine_s": round(engine_r03_s, 3), "handwritten_s": round(hand_r03_s, 3),
                "ratio": round(engine_r03_s / hand_r03_s, 2) if hand_r03_s else None,
                "engine_hits": len(engine_ids), "handwritten_hits": len(hand), "same_hits": engine_ids == hand},
        "targets": SCALES[scale].targets,
        "accuracy": _accuracy(bundle, result.hits),
    }
    hub.close()
    _print(figures)
    path = OUT / f"{scale}-{datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    print(f"结果 results: {path}")
    return 0


def _accuracy(bundle: Path, hits) -> dict | None:
    key_file = bundle / "answer_key" / "expected_hits.csv"
    if not key_file.exists():
        return None
    from qingfeng.engine.generator.answer_key import key_of

    with open(key_file, encoding="utf-8") as fh:
        expected = {(r["rule"], key_of(r["rule"], r)) for r in csv.DictReader(fh)}
    found = {(h.rule, key_of(h.rule, {"id_number": h.id_number, "household_id": h.household_id, "name": h.name,
                                      "payment_id": h.payment_id, "account": h.account, "record": h.record})) for h in hits}
    both = expected & found
    return {"expected": len(expected), "found": len(found),
            "precision": round(len(both) / len(found), 4) if found else 1.0,
            "recall": round(len(both) / len(expected), 4) if expected else 1.0}


def _print(f: dict) -> None:
    print(f"\n== 比对基准 cross-check benchmark: {f['scale']} ==")
    for key, n in f["rows"].items():
        print(f"  {key:<12}{n:>13,} rows")
    if f["generated_s"]:
        print(f"  generate     {f['generated_s']:>10.1f} s (child process)")
    print(f"  import       {f['import_s']:>10.2f} s")
    print(f"  all rules    {f['rules_s']:>10.2f} s   (targets {f['targets']})")
    print(f"  total        {f['total_s']:>10.2f} s")
    print(f"  peak RSS     {f['peak_rss_gib']:>10.2f} GiB")
    print("  rule         seconds        hits   (_prepare: shared views + fuzzy identity; "
          "_materialise: Python hit objects, included in the rule times)")
    for rule, seconds in f["rule_s"].items():
        print(f"  {rule:<12}{seconds:>9.3f}{f['counts'].get(rule, ''):>12}")
    r = f["r03"]
    print(f"  R03 engine {r['engine_s']:.3f} s vs hand-written SQL {r['handwritten_s']:.3f} s: ratio {r['ratio']}, "
          f"hits {r['engine_hits']} vs {r['handwritten_hits']} (same: {r['same_hits']})")
    if f["accuracy"]:
        a = f["accuracy"]
        print(f"  answer key: precision {a['precision']}, recall {a['recall']} ({a['found']} found / {a['expected']} expected)")
