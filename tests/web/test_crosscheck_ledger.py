"""The cross-check adapter: a run turns each hit into one 大数据比对 clue, once."""

import csv
import shutil
from decimal import Decimal

import pytest
from django.core.management import call_command

from qingfeng.clues.models import Clue, Source
from qingfeng.crosscheck.actions import do_start_run, run_now
from qingfeng.crosscheck.models import CrosscheckRun, RunHit
from qingfeng.jobs import queue
from qingfeng.jobs.models import Job
from qingfeng.places.models import Jurisdiction


def read_registry(path, key_column):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    return {row[header.index(key_column)].strip(): dict(zip(header, row)) for row in rows[1:]}


KEY_COLUMNS = {"R10": ("account",), "R12": ("household_id", "name")}
PAYMENT_RULES = {"R03", "R07", "R08", "R09", "R11"}
VILLAGE_RULES = {"R14", "R15", "R16", "R17", "R18"}  # keyed by record (crosscheck.md §5)


def expected_keys(bundle) -> set[str]:
    """Hit keys of the generator's answer key, built from crosscheck.md §3 (independent of the engine)."""
    with open(bundle / "answer_key" / "expected_hits.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    keys = set()
    for row in rows:
        columns = KEY_COLUMNS.get(row["rule"], ("payment_id",) if row["rule"] in PAYMENT_RULES
                                  else ("record",) if row["rule"] in VILLAGE_RULES else ("id_number",))
        keys.add(row["rule"] + ":" + "|".join(row[c] for c in columns))
    return keys


@pytest.fixture
def villages(world, bundle):
    """Register every village code of the bundle's payments under T1, so hits can be placed."""
    codes = {row["行政区划代码"].strip() for row in read_registry(bundle / "payments.csv", "发放流水号").values()}
    for code in sorted(c for c in codes if len(c) == 12 and c.isdigit()):
        Jurisdiction.objects.get_or_create(code=code, defaults={
            "name": f"村{code[-3:]}", "level": Jurisdiction.Level.VILLAGE, "parent": world.t1})
    return codes


def test_a_run_makes_one_clue_per_hit_with_its_evidence_in_its_village(world, home, bundle, villages):
    run = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)

    assert run.job.status == Job.Status.DONE, run.job.error
    clues = Clue.objects.filter(source=Source.DATA)
    assert run.hits > 0
    assert clues.count() == run.hits == sum(run.rule_counts.values()) == run.clues_created
    assert set(run.run_hits.values_list("hit_key", flat=True)) == set(clues.values_list("hit_key", flat=True))
    for clue in clues:
        rule = clue.hit_key.split(":")[0]
        assert clue.evidence["rule"] == rule and clue.evidence["key"] == clue.hit_key
        assert clue.evidence["records"], clue.hit_key  # the registry rows that make the hit
        assert clue.summary.startswith(f"大数据比对 {rule}")
        assert clue.subject
    assert set(clues.values_list("hit_key", flat=True)) == expected_keys(bundle)
    assert set(clues.filter(hit_key__startswith="R03:").values_list("category", flat=True)) == {"虚报冒领"}
    assert set(clues.filter(hit_key__startswith="R06:").values_list("category", flat=True)) == {"优亲厚友"}
    assert set(clues.filter(hit_key__startswith="R01:").values_list("category", flat=True)) == {"其他"}
    payments = read_registry(bundle / "payments.csv", "发放流水号")
    checked = 0
    for clue in Clue.objects.filter(source=Source.DATA).exclude(evidence__payment_id=None):
        row = payments[clue.evidence["payment_id"]]
        code = row["行政区划代码"].strip()
        if len(code) != 12 or not code.isdigit():
            continue
        assert clue.village.code == code
        assert clue.township == world.t1 and clue.owner == world.t1
        assert clue.amount_involved == Decimal(row["发放金额"].replace(",", "").strip())
        checked += 1
    assert checked >= 5


def test_running_again_creates_no_second_clue(world, home, bundle, villages, capsys):
    first = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)
    numbers = set(Clue.objects.values_list("clue_no", flat=True))

    call_command("crosscheck-ledger", str(bundle))

    second = CrosscheckRun.objects.latest("id")
    assert second.id != first.id and second.job.status == Job.Status.DONE
    assert second.clues_created == 0 and second.clues_known == first.hits
    assert set(Clue.objects.values_list("clue_no", flat=True)) == numbers
    out = capsys.readouterr().out
    assert f"新建线索 clues created 0，已有 already known {first.hits}" in out
    assert "roll" in out and "读入" in out


def test_a_stale_running_job_is_requeued_and_completes(world, home, bundle, villages):
    run = do_start_run(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND, run_here=True)
    Job.objects.filter(id=run.job_id).update(heartbeat_at=run.job.created_at - queue.STALE_AFTER * 2)

    assert queue.requeue_stale() == 1
    assert Job.objects.get(id=run.job_id).status == Job.Status.QUEUED
    job = queue.run_once("worker-2")

    assert job.id == run.job_id and job.status == Job.Status.DONE and job.attempts == 2
    assert Clue.objects.filter(source=Source.DATA).count() == job.result["hits"] > 0


def test_a_bad_bundle_fails_the_job_naming_file_and_column_and_writes_no_clue(world, home, bundle, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(bundle, bad, ignore=shutil.ignore_patterns("answer_key"))
    with open(bundle / "payments.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    drop = [h.strip() for h in rows[0]].index("发放金额")
    with open(bad / "payments.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([c for i, c in enumerate(row) if i != drop] for row in rows)

    run = run_now(acting_user=None, bundle_dir=bad, origin=CrosscheckRun.Origin.COMMAND)

    assert run.job.status == Job.Status.FAILED
    assert "payments.csv" in run.job.error and "发放金额" in run.job.error
    assert not Clue.objects.filter(source=Source.DATA).exists()
    assert not RunHit.objects.exists()
