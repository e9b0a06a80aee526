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
    return run.clues_created
