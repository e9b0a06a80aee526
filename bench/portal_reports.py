"""Benchmark: public reports under load (portal.md §2: "nothing is lost").

    .venv/bin/python -m bench.portal_reports [--reports 1000] [--clients 50] [--port 8765] [--threads 8]

In a fresh QINGFENG_HOME (SQLite, or the database of DATABASE_URL) it loads the demo
county's places, starts `qingfeng serve --no-worker` as its own process, and has
`--clients` threads post `--reports` reports to POST /api/public/reports (a third
anonymous, a third with a township and village by name, a third by code). Then it
checks that nothing was lost: every 201 has a clue (信访举报 · 网络) and a public
report in the database, and every receipt answers POST /api/public/reports/status
with 200 (QINGFENG_LOOKUP_PER_MINUTE and QINGFENG_REPORTS_PER_HOUR are raised for the run: all clients share
one address). Figures go to bench/out/portal-reports-<database>-<timestamp>.json.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


def setup_places(home: Path) -> list[tuple[str, str, str, str]]:
    """Migrate, load the demo county's places; (township name, code, village name, code) of each village."""
    os.environ["QINGFENG_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from qingfeng.demo.loader import load_geography
    from qingfeng.engine.generator.county import demo_county
    from qingfeng.places.models import Jurisdiction

    load_geography(demo_county())
    villages = Jurisdiction.objects.filter(level=Jurisdiction.Level.VILLAGE).select_related("parent")
    return [(v.parent.name, v.parent.code, v.name, v.code) for v in villages]


def post(base: str, path: str, body: dict) -> tuple[int, dict, float]:
    request = urllib.request.Request(base + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, content = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, content = exc.code, exc.read()
    elapsed = time.perf_counter() - start
    try:
        return status, json.loads(content or b"{}"), elapsed
    except ValueError:
        return status, {"raw": content[:200].decode(errors="replace")}, elapsed


def report_body(i: int, places: list) -> dict:
    township, township_code, village, village_code = places[i % len(places)]
    body = {"subject": f"某村干部{i}", "subject_post": "村委会主任", "category": "虚报冒领",
            "summary": f"第 {i} 号举报：村干部虚报冒领低保金，涉及三户。"}
    if i % 3 == 0:
        return body | {"township": township, "village": village, "anonymous": True}
    if i % 3 == 1:
        return body | {"township": township, "village": village, "name": f"群众{i}", "contact": "13900000000"}
    return body | {"township": township_code, "village": village_code, "name": f"群众{i}"}


def wait_for(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit("the server did not answer within a minute")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads of the server")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="qingfeng-bench-reports-"))
    places = setup_places(home)
    env = os.environ | {"QINGFENG_HOME": str(home), "QINGFENG_LOOKUP_PER_MINUTE": str(10 * args.reports),
                        "QINGFENG_REPORTS_PER_HOUR": str(10 * args.reports)}
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from qingfeng.cli import main; sys.exit(main(sys.argv[1:]))",
         "serve", "--no-worker", "--port", str(args.port), "--threads", str(args.threads)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(base, server)
        results, lock = [], threading.Lock()

        def submit(i: int) -> None:
            outcome = post(base, "/api/public/reports", report_body(i, places))
            with lock:
                results.append(outcome)

        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(submit, range(args.reports)))
        wall = time.perf_counter() - start

        receipts = [body["receipt"] for status, body, _t in results if status == 201]
        errors = {}
        for status, body, _t in results:
            if status != 201:
                errors[str(status)] = errors.get(str(status), 0) + 1
        with ThreadPoolExecutor(args.clients) as pool:
            checks = list(pool.map(lambda r: post(base, "/api/public/reports/status", {"receipt": r}), receipts))
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connection

    from qingfeng.clues.models import Clue
    from qingfeng.portal.models import PublicReport

    connection.close()  # the server wrote meanwhile: read afresh
    latencies = [t for status, _b, t in results if status == 201]
    figures = {
        "database": connection.vendor, "reports": args.reports, "clients": args.clients, "server_threads": args.threads,
        "created_201": len(receipts), "errors": errors, "wall_s": round(wall, 2),
        "reports_per_s": round(len(receipts) / wall, 1) if wall else None,
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * pct(latencies, 0.95), 1), "max_ms": round(1000 * max(latencies, default=0), 1),
        "distinct_receipts": len(set(receipts)),
        "clues_in_db": Clue.objects.filter(source="信访举报", channel="网络").count(),
        "public_reports_in_db": PublicReport.objects.count(),
        "named_clues": Clue.objects.filter(reporter__isnull=False).count(),
        "receipts_working": sum(1 for status, _b, _t in checks if status == 200),
        "status_p95_ms": round(1000 * pct([t for _s, _b, t in checks], 0.95), 1),
    }
    figures["lost"] = figures["created_201"] - min(figures["clues_in_db"], figures["receipts_working"])
    OUT.mkdir(exist_ok=True)
    out = OUT / f"portal-reports-{connection.vendor}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    print(f"written to {out}")
    connection.close()
    shutil.rmtree(home, ignore_errors=True)
    ok = figures["lost"] == 0 and figures["created_201"] == args.reports == figures["clues_in_db"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
