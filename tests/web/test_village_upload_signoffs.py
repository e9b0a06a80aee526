"""Monthly-meeting sign-offs (民主理财) count as reviewed in R15 and R17 for the application's runs:
the village upload's and the county-wide run's. A sign-off dated before the booking does not count,
and the hit shows that meeting's date."""

import json
from datetime import timedelta

import duckdb
import pytest

from qingfeng.clues.models import Clue, Source
from qingfeng.clues.templatetags.evidence import show_evidence
from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs.models import Job
from qingfeng.villages.actions import do_record_meeting

from .test_crosscheck_village import village_bundle  # noqa: F401  the county bundle fixture
from .test_village_books_upload import books_csv, run_queued_job
from .village_support import V1, V1B, default_items

EARLY_NOTE = "月例会审核日期（早于记账日期，不算审核）"


@pytest.fixture(autouse=True)
def _items(db):
    default_items()


def iso(day):
    return day.isoformat()


def upload(client, *rows):
    response = client.post(f"/staff/villages/{V1}/finance/", {"files": [books_csv(*rows)]})
    assert response.status_code == 302
    job = run_queued_job()
    assert job.status == Job.Status.DONE, job.error
    return CrosscheckRun.objects.order_by("id").last()


def meeting(world, held_on, *vouchers):
    return do_record_meeting(world.v1, acting_user=world.hank, held_on=held_on, attendees="张三、李四",
                             topics="", decisions="", vouchers=list(vouchers))


def hub_run(home, run):
    con = duckdb.connect(str(home / "hub.duckdb"), read_only=True)
    try:
        return con.execute("SELECT status, inputs FROM runs WHERE run_id = ?", [run.engine_run_id]).fetchone()
    finally:
        con.close()


def test_a_meeting_sign_off_clears_r15_and_r17_in_the_next_village_run(world, login, home):
    from django.utils import timezone

    today = timezone.localdate()
    held = today - timedelta(days=3)
    before, after = iso(held - timedelta(days=5)), iso(held + timedelta(days=1))
    rows = (
        f"V001,{V1},{before},支出,公益支出,修路材料款,6000.00,湖南路桥建设有限公司,,转账,否",  # R15; signed off after
        f"V002,{V1},{after},支出,公益支出,修水渠,7000.00,石门劳务队,,转账,否",  # R15; the sign-off predates it
        f"V003,{V1},{before},支出,公益支出,清淤,2500.00,枫林劳务队,,转账,否",  # R17 with V004
        f"V004,{V1},{before},支出,公益支出,清淤,2600.00,枫林劳务队,,转账,否",  # R17; signed off: 2,500 left
    )
    alice = login(world.alice)
    first = upload(alice, *rows)
    assert first.rule_counts["R15"] == 2 and first.rule_counts["R17"] == 2
    assert hub_run(home, first)[1].count('"village_signoffs": {"source": "application", "rows": 0}') == 1

    meeting(world, held, "V001", "V002", "V004")
    second = upload(alice, *rows)  # the same books again: only the sign-offs changed
    assert (second.rule_counts["R15"], second.rule_counts["R17"]) == (1, 0)
    assert (second.hits, second.gone_hits) == (1, 3)  # V001 (R15), V003 and V004 (R17) gone
    status, inputs = hub_run(home, second)
    assert status == "village" and '"village_signoffs": {"source": "application", "rows": 3}' in inputs

    assert Clue.objects.get(hit_key=f"R15:{V1}/V002").source == Source.DATA  # made by the first run
    con = duckdb.connect(str(home / "hub.duckdb"), read_only=True)
    try:
        (evidence,) = con.execute("SELECT evidence FROM run_hits WHERE run_id = ? AND rule = 'R15'",
                                  [second.engine_run_id]).fetchone()
    finally:
        con.close()
    (record,) = json.loads(evidence)["records"]
    assert record["voucher_no"] == "V002" and record["signed_off_early"] == iso(held)
    fields = dict(show_evidence({"records": [record]})["records"][0].fields)
    assert fields[EARLY_NOTE] == iso(held)


def test_an_r17_group_keeping_enough_after_a_sign_off_lists_it_with_its_meeting(world, login, home):
    from django.utils import timezone

    held = timezone.localdate() - timedelta(days=1)
    day = iso(held - timedelta(days=2))
    rows = [f"P{i},{V1},{day},支出,公益支出,劳务费,{amount},枫林劳务队,,转账,否"
            for i, amount in ((1, "3000.00"), (2, "2000.00"), (3, "1000.00"))]
    meeting(world, held, "P3")  # no books yet: the voucher is kept unchecked
    alice = login(world.alice)
    run = upload(alice, *rows)
    assert run.rule_counts["R17"] == 2  # P1 + P2 = 5,000 still; P3 signed off
    block = show_evidence(Clue.objects.get(hit_key=f"R17:{V1}/P1").evidence)
    facts = dict(block["facts"])
    assert facts["笔数"] == 2 and facts["合计金额（元）"] == 5000
    assert facts["已在月例会审核、不计入的支出"] == f"P3，1,000.00 元，{iso(held)} 月例会审核"


def test_the_county_run_counts_sign_offs_and_the_plain_command_does_not(world, home, village_bundle, tmp_path):  # noqa: F811
    from datetime import date

    from qingfeng.cli import main

    meeting(world, date(2024, 3, 20), "记-001")  # booked 2024-03-05, 6,000 元, 否 in the bundle
    run = run_now(acting_user=None, bundle_dir=village_bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert run.job.status == Job.Status.DONE, run.job.error
    assert run.rule_counts["R15"] == 0 and not Clue.objects.filter(hit_key=f"R15:{V1}/记-001").exists()
    assert Clue.objects.filter(hit_key=f"R17:{V1B}/记-003").exists()  # another village's split is untouched
    out = tmp_path / "hits.csv"
    assert main(["crosscheck", str(village_bundle), "--out", str(out), "--hub", str(tmp_path / "plain.duckdb")]) == 0  # no Django
    assert f"{V1}/记-001" in out.read_text(encoding="utf-8")
