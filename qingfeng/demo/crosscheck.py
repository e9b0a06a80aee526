"""The demo county's cross-check: its bundle's hits become 大数据比对 clues in the demo ledger."""

from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs.models import Job


def load_crosscheck(households: int, seed: int, progress=print) -> int:
    """Run the demo bundle once (idempotent: skipped when a demo run has finished)."""
    from qingfeng.demo.households import demo_bundle

    if CrosscheckRun.objects.filter(origin=CrosscheckRun.Origin.DEMO, job__status=Job.Status.DONE).exists():
        return 0
    run = run_now(acting_user=None, bundle_dir=demo_bundle(households, seed), origin=CrosscheckRun.Origin.DEMO,
                  label="演示县数据包")
    if run.job.status != Job.Status.DONE:
        raise RuntimeError(f"demo cross-check failed: {run.job.error}")
    progress(f"大数据比对：{run.hits} 条命中，{run.clues_created} 条问题线索")
    review_some(run)
    return run.clues_created


def review_some(run) -> None:
    """A few 核查 verdicts (two 属实, one 不属实 with an exception), so the rates and the
    exceptions pages show something; by the county's intake officer."""
    from datetime import timedelta

    from django.utils import timezone

    from qingfeng.accounts.models import Role, User
    from qingfeng.crosscheck.reasons import reasons_for
    from qingfeng.crosscheck.review import do_review, subject_choices

    reviewer = User.objects.filter(role=Role.INTAKE).order_by("id").first()
    links = list(run.run_hits.select_related("clue").order_by("rule", "id")[:3])
    if reviewer is None or len(links) < 3:
        return
    for link, verdict in zip(links, ("confirmed", "confirmed", "refuted")):
        extra = {}
        if verdict == "refuted":
            extra = {"exception_kind": subject_choices(link.clue)[0][0],
                     "exception_until": timezone.localdate() + timedelta(days=365)}
        do_review(link.clue_id, acting_user=reviewer, verdict=verdict, reason=reasons_for(verdict, link.rule)[0],
                  note="演示核查", expected_version=0, **extra)
