"""County lookup load: 200 clients, 1 request per client per second, 60 s, open loop.

    qingfeng demo-data /tmp/county --households 33000        # ~100k people, ~1M payments
    QINGFENG_LOOKUP_PER_MINUTE=100000 qingfeng crosscheck /tmp/county --out /tmp/hits.csv   # imports + publishes
    QINGFENG_LOOKUP_PER_MINUTE=100000 qingfeng serve &
    python -m bench.portal_lookup_county --bundle /tmp/county --url http://127.0.0.1:8000 [--during-run]

The per-address limit must be raised for the bench (every client is 127.0.0.1). Requests
are sent on schedule whatever the answers take (open loop), so a slow server shows as
latency, not as fewer requests. --during-run starts `qingfeng crosscheck` on the bundle
and starts it again whenever it ends, so a run (another process importing the whole bundle
into a fresh hub and running every rule) is in progress for the whole load: lookups must not wait for it.
--during-publish instead rebuilds the served home's read model again and again
(`qingfeng portal publish`: build a new file from the hub, then switch to it), so lookups are
measured across the switches themselves, at nice 10 as a job's child runs it inside a
cross-check (qingfeng.core.isolation.JOB_NICENESS). Run it with the server's QINGFENG_HOME.
"""

import argparse
import asyncio
import csv
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit


def people(bundle: Path, n: int) -> list[tuple[str, str]]:
    with open(bundle / "roll.csv", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        reader.fieldnames = [name.strip() for name in reader.fieldnames]  # the generator pads some headers
        rows = [(r["姓名"], r["证件号码"]) for r in reader]
    return random.Random(3).sample(rows, min(n, len(rows)))


async def one(host, port, body: bytes) -> tuple[int, float]:
    began = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"POST /api/public/lookup HTTP/1.1\r\nHost: %b\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%b" % (host.encode(), len(body), body))
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    await reader.read()
    writer.close()
    return status, time.perf_counter() - began


async def client(host, port, who, seconds, results, start):
    tasks = []
    for second in range(seconds):
        await asyncio.sleep(max(0.0, start + second - time.perf_counter()))
        name, id_number = random.choice(who)
        body = json.dumps({"name": name, "id_number": id_number}).encode()
        tasks.append(asyncio.ensure_future(one(host, port, body)))
    for task in tasks:
        try:
            results.append(await task)
        except OSError:
            results.append((0, 0.0))


def start_run(bundle: Path) -> subprocess.Popen:
    """A whole cross-check (import and rules) into a fresh hub file: nothing reused, nothing published."""
    hub = Path("/tmp/qf-bench-hub.duckdb")
    hub.unlink(missing_ok=True)
    return subprocess.Popen([sys.executable, "-m", "qingfeng", "crosscheck", str(bundle), "--hub", str(hub),
                             "--out", "/tmp/qf-bench-hits.csv"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_publish(_bundle: Path) -> subprocess.Popen:
    """A rebuild of the served home's lookup read model, switched to when built (at a job's niceness)."""
    return subprocess.Popen(["nice", "-n", "10", sys.executable, "-m", "qingfeng", "portal", "publish"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def keep_running(runs: list, start, bundle: Path, until: float) -> None:
    """Background work in progress for the whole load: start the next when one ends."""
    while time.perf_counter() < until:
        if runs[-1].poll() is not None:
            runs.append(start(bundle))
        await asyncio.sleep(0.2)


async def load(url, who, clients, seconds, runs=None, start_next=None, bundle=None):
    parts = urlsplit(url)
    results, start = [], time.perf_counter() + 1
    work = [client(parts.hostname, parts.port or 80, who, seconds, results, start + random.random())
            for _ in range(clients)]
    if runs is not None:
        work.append(keep_running(runs, start_next, bundle, start + seconds))
    await asyncio.gather(*work)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    background = parser.add_mutually_exclusive_group()
    background.add_argument("--during-run", action="store_true")
    background.add_argument("--during-publish", action="store_true")
    args = parser.parse_args()
    who = people(args.bundle, 5000)
    start_next = start_run if args.during_run else start_publish if args.during_publish else None
    runs = [start_next(args.bundle)] if start_next else []
    results = asyncio.run(load(args.url, who, args.clients, args.seconds, runs if start_next else None,
                               start_next, args.bundle))
    ok = sorted(t for s, t in results if s == 200)
    errors = sum(1 for s, _ in results if s != 200)
    by_status = {str(k): sum(1 for s, _ in results if s == k) for k in sorted({s for s, _ in results} - {200})}
    print(json.dumps({"requests": len(results), "ok": len(ok), "errors": errors, "errors_by_status": by_status,
                      "p50_ms": round(statistics.median(ok) * 1000, 1) if ok else None,
                      "p95_ms": round(ok[int(len(ok) * .95)] * 1000, 1) if ok else None,
                      "background_started": len(runs)}))
    for run in runs:
        run.wait()


if __name__ == "__main__":
    main()
