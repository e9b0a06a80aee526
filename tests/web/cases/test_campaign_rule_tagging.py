"""Tagging by rule: a cross-check run's hit of rule Rxx becomes a clue tagged to the campaign of
the clue's quarter whose rules include Rxx (the latest defined when several do; none: untagged)."""

import csv

import pytest
from django.utils import timezone

from qingfeng.clues.models import Clue, Source
from qingfeng.core.months import quarter_of
from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs.models import Job
from qingfeng.places.models import Jurisdiction

from .campaign_support import campaign


@pytest.fixture
def villages(world, bundle):
    """The bundle's village codes under T1, so hits are placed (as tests/web/test_crosscheck_ledger.py)."""
    with open(bundle / "payments.csv", encoding="utf-8-sig", newline="") as f:
        codes = {row["行政区划代码"].strip() for row in csv.DictReader(f)}
    for code in sorted(c for c in codes if len(c) == 12 and c.isdigit()):
        Jurisdiction.objects.get_or_create(code=code, defaults={
            "name": f"村{code[-3:]}", "level": Jurisdiction.Level.VILLAGE, "parent": world.t1})


def test_hits_of_a_covered_rule_are_tagged_to_the_campaign_of_their_quarter(world, home, bundle, villages):
    year, quarter = quarter_of(timezone.localdate())
    earlier = campaign(world, name="上季度的比对", year=year - 1, quarter=quarter, rules=["R01"])
    broad = campaign(world, name="互联网+监督数据比对", year=year, quarter=quarter, rules=["R03", "R06"])
    latest = campaign(world, name="疑似死亡冒领专项", year=year, quarter=quarter, rules=["R03"])
    unscheduled = campaign(world, name="台账导入的主题", year=None, quarter=None, rules=["R01"])

    run = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)

    assert run.job.status == Job.Status.DONE, run.job.error
    data = Clue.objects.filter(source=Source.DATA)
    r03, r06, r01 = (data.filter(hit_key__startswith=f"{rule}:") for rule in ("R03", "R06", "R01"))
    assert r03.exists() and r06.exists() and r01.exists()
    assert set(r03.values_list("campaign_id", flat=True)) == {latest.id}  # two cover R03: the latest defined
    assert set(r06.values_list("campaign_id", flat=True)) == {broad.id}
    assert set(r01.values_list("campaign_id", flat=True)) == {None}  # only other quarters' or none
    others = data.exclude(hit_key__regex=r"^R0[36]:")
    assert set(others.values_list("campaign_id", flat=True)) == {None}
    assert not Clue.objects.filter(campaign__in=[earlier, unscheduled]).exists()
