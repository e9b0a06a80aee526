"""Benchmark: the web side at county scale (every list page and API list, the stats page).

    .venv/bin/python -m bench.bench_web [--clues 100000] [--requests 20] [--check]

Builds a fixture in a fresh database — the demo county's places, 100,000 clues,
households, notices, jobs and cross-check runs, all by bulk_create — then times
each page through the Django test client as a county leadership user and as a
township officer: p50/p95 over `--requests` requests after two warm-ups. Targets:
every list p95 ≤ 300 ms, the stats page p95 ≤ 1 s. Figures go to
bench/out/web-<database>-<timestamp>.json.

Runs on SQLite in a temporary QINGFENG_HOME, or on the database of DATABASE_URL,
which it fills (use a scratch database: scripts/with-postgres does).
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

LIST_TARGET, STATS_TARGET = 0.300, 1.0
OUT = Path(__file__).resolve().parent / "out"
SOURCES = ["信访举报", "上级交办", "巡察移交", "审计移交", "部门移送", "大数据比对", "监督检查", "其他"]
CATEGORIES = ["虚报冒领", "截留挪用", "优亲厚友", "吃拿卡要", "违规收费", "形式主义官僚主义"]
DISPOSALS = ["谈话函询", "初步核实", "暂存待查", "予以了结", "立案审查调查"]


def setup_django(home: Path) -> None:
    os.environ["QINGFENG_HOME"] = str(home)  # never the real data directory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build_fixture(n_clues: int, seed: int) -> dict:
    """The county, its staff, `n_clues` clues and the rest; returns the users and one clue id."""
    from django.db import transaction
    from django.utils import timezone

    from qingfeng.accounts.models import Role, User
    from qingfeng.clues import deadlines
    from qingfeng.clues.models import Clue, Reporter, Stage, State, SupervisionNotice
    from qingfeng.crosscheck.models import CrosscheckRun
    from qingfeng.demo.loader import load_geography
    from qingfeng.engine.generator.county import demo_county
    from qingfeng.jobs.models import Job
    from qingfeng.places.models import Household, Jurisdiction

    rng = random.Random(seed)
    county = load_geography(demo_county())
    townships = list(Jurisdiction.objects.filter(level=Jurisdiction.Level.TOWNSHIP).select_related("parent"))
    villages = {}
    for village in Jurisdiction.objects.filter(level=Jurisdiction.Level.VILLAGE):
        villages.setdefault(village.parent_id, []).append(village)

    def user(username, role, place):
        return User(username=username, full_name=username, role=role, jurisdiction=place, password="!")

    staff = [user("leader", Role.LEADERSHIP, county), user("township", Role.TOWNSHIP, townships[0])]
    staff += [user(f"handler{i}", Role.CASE_HANDLER, townships[i % len(townships)].parent) for i in range(60)]
    staff += [user(f"officer{i}", Role.TOWNSHIP, t) for i, t in enumerate(townships)]
    User.objects.bulk_create(staff)
    staff = {u.username: u for u in User.objects.all()}
    handlers = [u for name, u in staff.items() if name.startswith("handler")]

    today = timezone.localdate()
    ack_due = {}  # one calendar walk per receipt date, not per clue
    clues, reporters = [], []
    for i in range(n_clues):
        received = today - timedelta(days=rng.randrange(3 * 365))
        town = rng.choice(townships)
        closed = rng.random() < 0.6
        stage = Stage.CLOSED if closed else rng.choice([Stage.REGISTERED, Stage.APPROVED, Stage.HANDLING])
        state = State.CLOSED if closed else (State.IN_PROGRESS if stage == Stage.HANDLING else State.PENDING)
        handled = stage in (Stage.CLOSED, Stage.HANDLING)
        named = rng.random() < 0.3
        if named:
            reporters.append(Reporter(name=f"反映人{i}", contact="13900001111"))
            if received not in ack_due:
                ack_due[received] = deadlines.ack_due(received)
        due = received + timedelta(days=rng.randrange(30, 120)) if handled else None
        clues.append(Clue(
            clue_no=f"BENCH-{i:06d}", received_on=received, source=rng.choice(SOURCES), channel="电话",
            subject=f"被反映人{i}", subject_post="村委会 会计", township=town,
            village=rng.choice(villages[town.id]), owner=town if rng.random() < 0.9 else town.parent,
            category=rng.choice(CATEGORIES), summary="反映虚报冒领低保金等问题" * 3,
            disposal=rng.choice(DISPOSALS) if handled else "", handler=rng.choice(handlers) if handled else None,
            handler_name="承办人" if handled else "", due_on=due, state=state, stage=stage,
            closed_on=received + timedelta(days=rng.randrange(1, 120)) if closed else None,
            case_filed=closed and rng.random() < 0.1, persons_sanctioned=rng.randrange(2) if closed else 0,
            recovered=round(rng.uniform(0, 5000), 2) if closed else 0,
            ack_due_on=ack_due[received] if named else None,
            acknowledged_on=received + timedelta(days=3) if named and rng.random() < 0.8 else None,
        ))
        clues[-1].named = named
    with transaction.atomic():
        saved = iter(Reporter.objects.bulk_create(reporters, batch_size=2000))
        for clue in clues:
            if clue.named:
                clue.reporter = next(saved)
        Clue.objects.bulk_create(clues, batch_size=2000)
        ids = list(Clue.objects.order_by("id").values_list("id", flat=True))
        # A few confirmed repeats of the clue before them, so the backlog's exclusion is exercised.
        for clue_id in rng.sample(ids[1:], max(1, n_clues // 200)):
            Clue.objects.filter(id=clue_id).update(is_repeat=True, repeat_of_id=clue_id - 1)
        leader = staff["leader"]
        SupervisionNotice.objects.bulk_create(
            [SupervisionNotice(clue_id=rng.choice(ids), message="请加快办理", issued_by=leader)
             for _ in range(max(1, n_clues // 50))], batch_size=2000)
        Household.objects.bulk_create(
            [Household(household_no=f"H{i:07d}", village=rng.choice(rng.choice(list(villages.values()))),
                       head_name=f"户主{i}") for i in range(max(1, n_clues // 5))], batch_size=2000)
        jobs = Job.objects.bulk_create(
            [Job(kind="crosscheck", status=Job.Status.DONE, started_by=leader, progress_percent=100)
             for _ in range(300)])
        CrosscheckRun.objects.bulk_create(
            [CrosscheckRun(job=job, bundle_dir=f"/bundles/{job.id}", origin=CrosscheckRun.Origin.COMMAND,
                           started_by=leader, hits=rng.randrange(500), rule_counts={"R03": 10})
             for job in jobs])
    return {"leader": staff["leader"], "township": staff["township"], "clue_id": ids[len(ids) // 2]}


def pages(clue_id: int) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """(name, url, target seconds, who) of every timed page."""
    both, county = ("leader", "township"), ("leader",)
    return [
        ("clue list", "/staff/clues/", LIST_TARGET, both),
        ("clue list, red", "/staff/clues/?warning=red", LIST_TARGET, both),
        ("clue list, search", "/staff/clues/?q=被反映人4242", LIST_TARGET, both),
        ("clue list, page 200", "/staff/clues/?page=200", LIST_TARGET, county),
        ("clue detail", f"/staff/clues/{clue_id}/", LIST_TARGET, county),
        ("清零 backlog", "/staff/clues/backlog/", LIST_TARGET, county),
        ("清零 backlog, page 100", "/staff/clues/backlog/?page=100", LIST_TARGET, county),
        ("清零 backlog, red", "/staff/clues/backlog/?warning=red", LIST_TARGET, county),
        ("督办 warnings", "/staff/clues/supervision/", LIST_TARGET, county),
        ("督办 warnings, yellow", "/staff/clues/supervision/?warning=yellow", LIST_TARGET, county),
        ("办件统计", "/staff/clues/staff/", LIST_TARGET, county),
        ("cross-check runs", "/staff/crosscheck/", LIST_TARGET, county),
        ("jobs", "/staff/jobs/", LIST_TARGET, both),
        ("households", "/staff/households/", LIST_TARGET, both),
        ("stats", "/staff/reports/stats/?from=2000-01-01", STATS_TARGET, both),
        ("API clues", "/api/clues?limit=50", LIST_TARGET, both),
        ("API clues, red", "/api/clues?limit=50&warning=red", LIST_TARGET, both),
        ("API clues, offset 50000", "/api/clues?limit=50&offset=50000", LIST_TARGET, county),
        ("API clue detail", f"/api/clues/{clue_id}", LIST_TARGET, county),
        ("API households", "/api/households?limit=50", LIST_TARGET, both),
        ("API jurisdictions", "/api/jurisdictions?limit=50", LIST_TARGET, both),
        ("API cross-check runs", "/api/crosscheck/runs?limit=50", LIST_TARGET, county),
    ]


def time_page(client, url: str, requests: int) -> dict:
    for _ in range(2):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            "bytes": len(response.content)}


def run(n_clues: int, requests: int, seed: int, only: str = "") -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.REQUIRE_2FA = False
    from qingfeng.accounts.models import User
    from qingfeng.clues.models import Clue

    started = time.perf_counter()
    if User.objects.filter(username="leader").exists():  # a kept --home: reuse its fixture
        ids = list(Clue.objects.order_by("id").values_list("id", flat=True))
        fixture = {"leader": User.objects.get(username="leader"), "township": User.objects.get(username="township"),
                   "clue_id": ids[len(ids) // 2]}
        n_clues = len(ids)
    else:
        fixture = build_fixture(n_clues, seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does after a load this size, at once
            cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    print(f"fixture: {n_clues} clues on {connection.vendor} in {built:.1f}s")
    results = []
    for who in ("leader", "township"):
        client = Client()
        client.force_login(fixture[who])
        for name, url, target, users in pages(fixture["clue_id"]):
            if who not in users or only not in name:
                continue
            figures = time_page(client, url, requests)
            row = {"page": name, "url": url, "user": who, "target": target, **figures,
                   "ok": figures["p95"] <= target}
            results.append(row)
            print(f"{who:9} {name:26} p50 {row['p50'] * 1000:7.1f} ms  p95 {row['p95'] * 1000:7.1f} ms"
                  f"  {row['bytes'] / 1024:7.1f} KiB  {'ok' if row['ok'] else 'OVER ' + str(int(target * 1000))}")
    return {"database": connection.vendor, "clues": n_clues, "requests": requests, "fixture_seconds": built,
            "results": results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clues", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--check", action="store_true", help="exit 1 when a page misses its target")
    parser.add_argument("--home", type=Path, help="keep the SQLite fixture here and reuse it on the next run")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qf-bench-web-") as tmp:
        setup_django(args.home or Path(tmp))
        report = run(args.clues, args.requests, args.seed, args.only)
    OUT.mkdir(exist_ok=True)
    out = OUT / f"web-{report['database']}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    missed = [r for r in report["results"] if not r["ok"]]
    print(f"{len(report['results']) - len(missed)} of {len(report['results'])} within target; figures in {out}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
