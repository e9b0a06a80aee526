"""Starting a cross-check run: the audited action behind the web form, the command and the demo."""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction

from qingfeng.audit.trail import record
from qingfeng.crosscheck.access import can_use_server_directory, require_runner
from qingfeng.crosscheck.models import CrosscheckRun
from qingfeng.jobs import queue
from qingfeng.jobs.models import Job


def do_start_run(*, acting_user, bundle_dir: Path, origin: str, label: str = "", as_of: date | None = None,
                 run_here: bool = False) -> CrosscheckRun:
    """Queue a run of `bundle_dir` (or, with `run_here`, claim it for the calling thread).

    `acting_user=None` is the system (command line, demo loader).
    """
    if acting_user is not None:
        require_runner(acting_user)
        if origin == CrosscheckRun.Origin.SERVER and not can_use_server_directory(acting_user):
            raise PermissionDenied
    with transaction.atomic():
        # The job and its run appear together: a worker never sees a job without its run.
        job = queue.enqueue("crosscheck", {"bundle_dir": str(bundle_dir)}, acting_user)
        run = CrosscheckRun.objects.create(job=job, bundle_dir=str(bundle_dir), label=label or Path(bundle_dir).name,
                                           origin=origin, started_by=acting_user, as_of=as_of)
        if run_here and not queue.try_claim(job.id, queue.worker_name()):
            raise RuntimeError("could not claim a job created in this transaction")
        record(acting_user, "crosscheck.start", run, after={
            "bundle_dir": run.bundle_dir, "origin": origin, "job": job.id, "as_of": as_of.isoformat() if as_of else None})
    return run


def run_now(*, acting_user, bundle_dir: Path, origin: str, label: str = "", as_of: date | None = None) -> CrosscheckRun:
    """Run synchronously in this thread (command line, demo); returns the finished run."""
    run = do_start_run(acting_user=acting_user, bundle_dir=bundle_dir, origin=origin, label=label, as_of=as_of,
                       run_here=True)
    queue.run_job(Job.objects.get(id=run.job_id))
    run.refresh_from_db()
    run.job.refresh_from_db()
    return run
