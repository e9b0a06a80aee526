"""`python -m bench.province_end_to_end BUNDLE [--hub FILE] [--runs 2]`: issue 10's end-to-end figure.

Times `qingfeng crosscheck BUNDLE` as one command (import + rules), in a fresh hub, then
again on the same hub and the unchanged bundle (every snapshot reused: only the rules
should cost). For each run: wall time, peak RSS of the command's process tree (sampled
from /proc every 0.2 s, plus the kernel's ru_maxrss of the largest process), and the
seconds of each step, read from the command's progress lines as they arrive (each file's
import from its first line to its "读入 … 行" line; the rules from the first rule line to
the end). Figures go to bench/out/end-to-end-<timestamp>.json. Targets (issue 10, province:
10M people, 100M payments, Parquet): ≤ 300 s wall, ≤ 8 GiB peak RSS.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {"wall_s": 300, "peak_rss_gib": 8}
GIB = 1 << 30


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and its descendants (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: the parent's pid
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # fields[21]: rss in pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def steps_of(lines: list[tuple[float, str]], started: float) -> dict[str, float]:
    """Seconds per imported file and for the rules, from timestamped progress lines."""
    steps: dict[str, float] = {}
    begun: dict[str, float] = {}
    rules_from = None
    for at, line in lines:
        text = line.strip().removeprefix("… ").strip()
        if m := re.match(r"(\S+?)：(读取中|与上次导入的文件相同)", text):
            begun[m.group(1)] = at
            if m.group(2) != "读取中":
                steps[f"import {m.group(1)} (reused)"] = 0.0
        elif (m := re.match(r"(\S+?)：读入 \d+ 行", text)) and m.group(1) in begun:
            steps[f"import {m.group(1)}"] = round(at - begun[m.group(1)], 2)
        elif rules_from is None and (text.startswith("[") or text.startswith("view")):
            rules_from = at
            first_file = min(begun.values(), default=started)
            steps["start-up and hashing before the first file"] = round(first_file - started, 2)
            steps["import (all files)"] = round(at - first_file, 2)
    if rules_from is not None:
        steps["rules (shared preparation + every rule + writing hits)"] = round(lines[-1][0] - rules_from, 2)
    return steps


def run_once(bundle: Path, hub: Path, hits: Path, nice: int) -> dict:
    command = ["nice", "-n", str(nice), sys.executable, "-m", "qingfeng", "crosscheck", str(bundle),
               "--hub", str(hub), "--out", str(hits)]
    lines: list[tuple[float, str]] = []
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reader = threading.Thread(target=lambda: lines.extend(
        (time.perf_counter(), line) for line in proc.stdout), daemon=True)
    reader.start()
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - started
    reader.join()
    if proc.returncode:
        sys.stdout.writelines(line for _, line in lines[-30:])
        raise SystemExit(f"crosscheck exited with {proc.returncode}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    return {"wall_s": round(wall, 2), "peak_rss_tree_gib": round(peak / GIB, 3),
            "max_rss_largest_process_gib": round(largest / GIB, 3),
            "steps_s": steps_of(lines, started), "output_tail": [line for _, line in lines[-3:]]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--hub", type=Path, help="hub file (default: a fresh one in a temporary folder)")
    parser.add_argument("--runs", type=int, default=2, help="runs on the same hub (default 2: fresh + re-run)")
    parser.add_argument("--nice", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qf-e2e-") as work:
        hub = args.hub or Path(work) / "hub.duckdb"
        env_home = os.environ.setdefault("QINGFENG_HOME", work)  # --hub given: no lookup publication
        runs = []
        for i in range(args.runs):
            result = run_once(args.bundle, hub, Path(work) / f"hits-{i}.csv", args.nice)
            runs.append(result)
            label = "fresh hub" if i == 0 else "re-run, unchanged bundle"
            print(f"run {i + 1} ({label}): wall {result['wall_s']} s, peak RSS (tree) "
                  f"{result['peak_rss_tree_gib']} GiB")
            for step, seconds in result["steps_s"].items():
                print(f"    {step:<60}{seconds:>9.2f}")
        hub_size = hub.stat().st_size if hub.exists() else None
    figures = {"bundle": str(args.bundle), "home": env_home, "targets": TARGETS, "runs": runs,
               "hub_bytes": hub_size, "cpu_count": os.cpu_count()}
    OUT.mkdir(exist_ok=True)
    out = OUT / f"end-to-end-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print(f"figures: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
