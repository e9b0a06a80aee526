"""A re-run honours the exceptions a 不属实 verdict added: the hit is excluded, reported, makes
no new link to its clue, and comes back once the exception has expired."""

from datetime import timedelta

from django.utils import timezone

from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun, HitException
from qingfeng.crosscheck.review import do_review
from qingfeng.jobs.models import Job


def test_rerun_excludes_the_excepted_hit_until_its_day(world, home, bundle, login):
    first = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert first.job.status == Job.Status.DONE, first.job.error
    link = first.run_hits.filter(rule="R04").select_related("clue").first()
    assert link is not None
    until = timezone.localdate() + timedelta(days=30)
    do_review(link.clue_id, acting_user=world.erin, verdict="refuted", reason="已离职或退休", note="2023年已退休",
              expected_version=0, exception_kind="id_number", exception_until=until)

    second = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert second.job.status == Job.Status.DONE, second.job.error
    assert [x["key"] for x in second.excluded] == [link.hit_key]
    assert second.excluded[0]["exception"] == HitException.objects.get().id
    assert second.hits == first.hits - 1 and second.rule_counts["R04"] == first.rule_counts["R04"] - 1
    assert not second.run_hits.filter(hit_key=link.hit_key).exists()
    assert second.clues_created == 0
    assert second.job.result["excluded"] == 1
    page = login(world.erin).get(f"/staff/crosscheck/runs/{second.id}/").content.decode()
    assert link.hit_key in page and "已离职或退休" in page and "例外排除 1 条" in page

    HitException.objects.update(valid_until=timezone.localdate() - timedelta(days=1))  # time has passed
    third = run_now(acting_user=None, bundle_dir=bundle, origin=CrosscheckRun.Origin.COMMAND)
    assert third.excluded == [] and third.hits == first.hits
    assert third.run_hits.filter(hit_key=link.hit_key).exists()
