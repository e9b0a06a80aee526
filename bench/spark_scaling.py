"""`python -m bench.spark_scaling BUNDLE... [--backends duckdb,spark]`: how the rules' time grows.

For each bundle: one import into a fresh hub (timed on its own), then the rules alone on
each backend, each in a child process of its own so that its peak RSS (the process tree:
Python, DuckDB, and Spark's JVM) is that backend's. The rules run in-process in that
child (``runner.run`` over the hub's snapshot tables), not through `qingfeng crosscheck`:
the command would hash and re-check every file before reusing the snapshots, and it has
no backend option; in-process, Spark's steps can be timed apart — the session start, the
first export of the snapshots to Parquet beside the hub (reused by any later run), and
the rules themselves (shared preparation, each rule, recording the run).

Hit counts per rule are compared between the backends. Figures go to
bench/out/spark-scaling-<timestamp>.json; a hub is kept under --hub-dir (default
bench/out/scaling/<bundle name>/) and reused by a later call unless --fresh.
Spark settings come from the usual QINGFENG_SPARK_* variables (printed with the figures).
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.province_end_to_end import GIB, OUT, steps_of, tree_rss

IMPORT_RECORD = "import.json"
SETTINGS = ("QINGFENG_SPARK_MASTER", "QINGFENG_SPARK_PARTITIONS", "QINGFENG_SPARK_DRIVER_MEMORY",
            "QINGFENG_SPARK_CONF", "QINGFENG_HUB_MEMORY")


# -- child processes ------------------------------------------------------------------------

def worker_import(hub: Path, bundle: Path, record: Path) -> None:
    from qingfeng.engine.hub import Hub

    began = time.perf_counter()
    with Hub(hub) as h:
        result = h.import_bundle(bundle, progress=lambda m: print(f"  … {m}", flush=True))
        rows = {key: report.rows_accepted for key, report in result.reports.items()}
    record.write_text(json.dumps({"bundle": str(bundle), "tables": result.tables, "rows": rows,
                                  "import_s": round(time.perf_counter() - began, 2)}, indent=2))


def worker_rules(hub: Path, backend: str, record: Path, hits_file: Path, result_file: Path) -> None:
    from qingfeng.engine import runner
    from qingfeng.engine.hits import write_csv
    from qingfeng.engine.hub import Hub

    tables = json.loads(record.read_text())["tables"]
    phases: dict[str, float] = {}
    with Hub(hub) as h:
        engine = backend
        if backend == "spark":
            from qingfeng.engine.backends.spark import SparkBackend, session

            began = time.perf_counter()
            spark = session()
            phases["spark session start"] = time.perf_counter() - began
            began = time.perf_counter()
            engine = SparkBackend.for_hub(h.con, spark)
            engine.inputs(tables)  # the first run exports every snapshot to Parquet; later ones reuse the files
            phases["snapshots to Parquet (first run only)"] = time.perf_counter() - began
        began = time.perf_counter()
        try:
            result = runner.run(h, tables, backend=engine,
                                progress=lambda step, done, total: print(f"  … {step}", flush=True))
        finally:
            if not isinstance(engine, str):  # a backend passed in is the caller's to close
                engine.close()
        phases["rules (runner.run: preparation, every rule, recording the run)"] = time.perf_counter() - began
    count = write_csv(result.hits, hits_file)
    result_file.write_text(json.dumps({
        "phases_s": {k: round(v, 2) for k, v in phases.items()}, "timings_s": result.timings,
        "counts": result.counts, "skipped": result.skipped, "hits": count}, indent=2))


# -- the parent ----------------------------------------------------------------------------

def run_child(args: list[str], log: Path, nice: int, timeout: float | None = None) -> dict:
    """Run ``python -m bench.spark_scaling _worker ARGS``: wall seconds, peak RSS of its tree,
    its timestamped output lines. Past ``timeout`` seconds the child (its process group: the
    JVM too) is stopped and ``timed_out`` is set; the steps it finished are still in its lines."""
    command = ["nice", "-n", str(nice), sys.executable, "-m", "bench.spark_scaling", "_worker", *args]
    lines: list[tuple[float, str]] = []
    started = time.perf_counter()
    timed_out = False
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)

        def read():
            for line in proc.stdout:
                lines.append((time.perf_counter(), line))
                out.write(f"{lines[-1][0] - started:9.2f} {line}")
                out.flush()
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            if timeout and time.perf_counter() - started > timeout and not timed_out:
                timed_out = True
                os.killpg(proc.pid, signal.SIGTERM)
            time.sleep(0.2)
        reader.join()
    if proc.returncode and not timed_out:
        sys.stdout.writelines(line for _, line in lines[-30:])
        raise SystemExit(f"{' '.join(args[:1])} exited with {proc.returncode} (log: {log})")
    return {"wall_s": round(time.perf_counter() - started, 2), "peak_rss_tree_gib": round(peak / GIB, 3),
            "lines": lines, "started": started, "timed_out": timed_out}


def progress_steps(lines: list[tuple[float, str]], ended: float) -> dict[str, float]:
    """Seconds of each runner step (a view, a rule) from its progress line to the next line."""
    marks = [(at, line.strip().removeprefix("… ").strip()) for at, line in lines if line.strip().startswith("…")]
    steps = {}
    for (at, text), (next_at, _) in zip(marks, [*marks[1:], (ended, "")]):
        steps[text.split("] ", 1)[-1]] = round(next_at - at, 2)
    return steps


def import_once(bundle: Path, work: Path, fresh: bool, nice: int) -> dict:
    hub, record = work / "hub.duckdb", work / IMPORT_RECORD
    if record.exists() and not fresh and json.loads(record.read_text())["bundle"] == str(bundle):
        figures = json.loads(record.read_text()).get("figures", {})
        return {**figures, "reused_hub": True}
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    child = run_child(["import", str(hub), str(bundle), str(record)], work / "import.log", nice)
    steps = {k: v for k, v in steps_of(child["lines"], child["started"]).items() if k.startswith("import ")}
    figures = {"wall_s": child["wall_s"], "peak_rss_tree_gib": child["peak_rss_tree_gib"], "steps_s": steps}
    stored = json.loads(record.read_text())
    figures["rows"] = stored["rows"]
    record.write_text(json.dumps({**stored, "figures": figures}, indent=2))
    return {**figures, "reused_hub": False}


def rules_on(backend: str, work: Path, nice: int, label: str, timeout: float | None = None) -> dict:
    result_file = work / f"rules-{label}.json"
    result_file.unlink(missing_ok=True)
    child = run_child(["rules", str(work / "hub.duckdb"), backend, str(work / IMPORT_RECORD),
                       str(work / f"hits-{label}.csv"), str(result_file)], work / f"rules-{label}.log", nice, timeout)
    figures = {"wall_s": child["wall_s"], "peak_rss_tree_gib": child["peak_rss_tree_gib"],
               "timed_out": child["timed_out"],
               "progress_steps_s": progress_steps(child["lines"], child["started"] + child["wall_s"])}
    if child["timed_out"]:  # what the progress lines tell; the last step was cut short
        return {**figures, "phases_s": {}, "timings_s": {}, "counts": {}, "hits": None}
    return {**figures, **json.loads(result_file.read_text())}


def growth_exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(seconds) over log(size): time ∝ size^k."""
    points = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return round(sum((x - mx) * (y - my) for x, y in points) / sxx, 3) if sxx else None


def rules_seconds(run: dict) -> float | None:
    return run["phases_s"].get("rules (runner.run: preparation, every rule, recording the run)")


def step_seconds(run: dict, step: str) -> str:
    """A rule's seconds: the runner's own figure, else (a run stopped early) its progress lines'."""
    if step in run["timings_s"]:
        return f"{run['timings_s'][step]:.2f}"
    seen = run.get("progress_steps_s", {}).get(step)
    return "" if seen is None else f"({seen:.2f})"


def print_table(figures: dict) -> None:
    print(f"\n{'bundle':<16}{'people':>12}{'payments':>13}{'import s':>10}  {'backend':<8}"
          f"{'wall s':>9}{'export s':>10}{'rules s':>9}{'peak GiB':>10}{'hits':>9}")
    for b in figures["bundles"]:
        rows = b["import"].get("rows", {})
        for i, (label, run) in enumerate(b["runs"].items()):
            head = (f"{Path(b['bundle']).name:<16}{rows.get('roll', 0):>12,}{rows.get('payments', 0):>13,}"
                    f"{b['import'].get('wall_s', 0):>10.1f}" if i == 0 else " " * 51)
            export = run["phases_s"].get("snapshots to Parquet (first run only)")
            rules = rules_seconds(run)
            print(f"{head}  {label:<8}{run['wall_s']:>9.1f}{export if export is not None else '':>10}"
                  f"{rules if rules is not None else 'cut':>9}{run['peak_rss_tree_gib']:>10.2f}{run['hits'] or '':>9}")
    for label, k in figures["growth_exponent"].items():
        print(f"growth exponent of the rules' seconds over people ({label}): {k}")
    for b in figures["bundles"]:
        for problem in b.get("count_mismatches", []):
            print(f"hit counts differ in {Path(b['bundle']).name}: {problem}")
    runs = [r for b in figures["bundles"] for r in b["runs"].values()]
    rule_ids = sorted({r for run in runs for r in [*run["timings_s"], *run.get("progress_steps_s", {})]
                       if re.fullmatch(r"R\d+", r)})
    print("\nper rule (s): " + "  ".join(f"{Path(b['bundle']).name}/{label}" for b in figures["bundles"]
                                         for label in b["runs"]))
    for rule_id in ["_prepare", *rule_ids, "_materialise"]:
        print(f"  {rule_id:<14}" + "".join(f"{step_seconds(run, rule_id):>12}" for run in runs))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        kind, rest = argv[1], argv[2:]
        if kind == "import":
            worker_import(Path(rest[0]), Path(rest[1]), Path(rest[2]))
        else:
            worker_rules(Path(rest[0]), rest[1], Path(rest[2]), Path(rest[3]), Path(rest[4]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.spark_scaling", description=__doc__.splitlines()[0])
    parser.add_argument("bundles", nargs="+", type=Path)
    parser.add_argument("--backends", default="duckdb,spark", help="comma-separated, in order (default duckdb,spark)")
    parser.add_argument("--hub-dir", type=Path, default=OUT / "scaling", help="where the hubs are kept")
    parser.add_argument("--fresh", action="store_true", help="import again even if a hub of the bundle is kept")
    parser.add_argument("--spark-runs", type=int, default=1, help="Spark runs per bundle (a second one reuses the Parquet files)")
    parser.add_argument("--nice", type=int, default=5)
    parser.add_argument("--timeout", type=float, help="stop a backend's run after this many seconds "
                        "(its finished steps are kept, from its progress lines)")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    os.environ.setdefault("QINGFENG_HOME", str(args.hub_dir))  # the hub is always given: no lookup publication
    figures = {"settings": {k: os.environ.get(k) for k in SETTINGS}, "cpu_count": os.cpu_count(), "bundles": []}
    for bundle in args.bundles:
        work = args.hub_dir / bundle.resolve().name
        print(f"{bundle}: import …", flush=True)
        entry = {"bundle": str(bundle), "import": import_once(bundle.resolve(), work, args.fresh, args.nice), "runs": {}}
        print(f"  import {entry['import'].get('wall_s')} s (reused hub: {entry['import']['reused_hub']})", flush=True)
        for backend in backends:
            for i in range(args.spark_runs if backend == "spark" else 1):
                label = backend if i == 0 else f"{backend}#{i + 1}"
                run = rules_on(backend, work, args.nice, label, args.timeout)
                entry["runs"][label] = run
                print(f"  {label}: wall {run['wall_s']} s, {run['phases_s']}, peak {run['peak_rss_tree_gib']} GiB",
                      flush=True)
        counts = [(label, run["counts"]) for label, run in entry["runs"].items() if not run["timed_out"]]
        entry["count_mismatches"] = [f"{label}: {c} vs {counts[0][0]}: {counts[0][1]}"
                                     for label, c in counts[1:] if c != counts[0][1]]
        OUT.mkdir(exist_ok=True)  # each bundle's figures as soon as they are known
        (OUT / f"spark-scaling-{bundle.resolve().name}-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
            json.dumps(entry, ensure_ascii=False, indent=2))
        figures["bundles"].append(entry)
    figures["growth_exponent"] = {}
    for backend in backends:
        points = [(b["import"]["rows"]["roll"], rules_seconds(b["runs"][backend]))
                  for b in figures["bundles"] if backend in b["runs"] and b["import"].get("rows")
                  and rules_seconds(b["runs"][backend]) is not None]
        figures["growth_exponent"][backend] = growth_exponent(points)
    OUT.mkdir(exist_ok=True)
    out = OUT / f"spark-scaling-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print_table(figures)
    print(f"figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
