"""The queue: enqueue, claim, run, re-queue jobs whose worker died.

Claiming is one conditional UPDATE (… WHERE status = 'queued'): the database
lets exactly one of two racing workers change the row, on SQLite (one writer at
a time) and on PostgreSQL (the second UPDATE re-checks the WHERE after the
first commits) alike, so a job never runs twice at once.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.jobs import registry
from qingfeng.jobs.models import Job

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(seconds=90)  # no heartbeat for this long: the worker is gone
HEARTBEAT_SECONDS = 15.0
MAX_ATTEMPTS = 3  # a job that keeps killing its worker is failed, not retried forever


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:120]


def enqueue(kind: str, params: dict | None = None, user=None) -> Job:
    if registry.get(kind) is None:
        raise ValueError(f"unknown job kind {kind!r}")
    return Job.objects.create(kind=kind, params=params or {}, started_by=user,
                              progress_text=_("排队等待中…"))


def try_claim(job_id: int, worker: str) -> bool:
    now = timezone.now()
    changed = Job.objects.filter(id=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, worker=worker, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1,
        progress_text=_("开始运行…"), progress_percent=0,
    )
    return changed == 1


def claim_next(worker: str | None = None) -> Job | None:
    """The oldest queued job, now running and ours; None when the queue is empty."""
    worker = worker or worker_name()
    for job_id in Job.objects.filter(status=Job.Status.QUEUED).order_by("id").values_list("id", flat=True)[:10]:
        if try_claim(job_id, worker):
            return Job.objects.get(id=job_id)
    return None


def heartbeat(job_id: int) -> None:
    Job.objects.filter(id=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())


def requeue_stale(stale_after: timedelta = STALE_AFTER) -> int:
    """Put running jobs whose worker died back in the queue (or fail them after MAX_ATTEMPTS)."""
    limit = timezone.now() - stale_after
    stale = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=limit)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Job.Status.FAILED, finished_at=timezone.now(),
        error=_("任务已中断 %(n)s 次，不再重试。") % {"n": MAX_ATTEMPTS},
    )
    requeued = stale.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Job.Status.QUEUED, worker="", progress_text=_("工作进程中断，已重新排队。"), progress_percent=0,
    )
    if requeued or failed:
        log.warning("jobs: %s stale job(s) re-queued, %s failed", requeued, failed)
    return requeued


def _progress_for(job: Job):
    def progress(text: str, percent: int | None = None) -> None:
        fields = {"progress_text": str(text)[:300], "heartbeat_at": timezone.now()}
        if percent is not None:
            fields["progress_percent"] = max(0, min(100, int(percent)))
        Job.objects.filter(id=job.id, status=Job.Status.RUNNING).update(**fields)

    return progress


class _Heartbeat(threading.Thread):
    """Keeps a running job's heartbeat fresh while a long step reports no progress."""

    def __init__(self, job_id: int):
        super().__init__(name=f"qingfeng-heartbeat-{job_id}", daemon=True)
        self.job_id, self.done = job_id, threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(HEARTBEAT_SECONDS):
                heartbeat(self.job_id)
        finally:
            connection.close()  # this thread's own connection


def run_job(job: Job) -> Job:
    """Run a claimed job to the end and record how it ended."""
    beat = _Heartbeat(job.id)
    beat.start()
    try:
        return _run(job)
    finally:
        beat.done.set()


def _run(job: Job) -> Job:
    kind = registry.get(job.kind)
    try:
        if kind is None:
            raise RuntimeError(_("未知的任务类型：%(kind)s") % {"kind": job.kind})
        result = kind.function(job, _progress_for(job))
    except Exception as exc:  # the job failed; the worker goes on
        log.exception("job %s failed", job)
        message = error_text(exc)
        Job.objects.filter(id=job.id).update(
            status=Job.Status.FAILED, error=message, finished_at=timezone.now(),
            progress_text=_("失败：%(error)s") % {"error": message[:280]},
        )
    else:
        Job.objects.filter(id=job.id).update(
            status=Job.Status.DONE, result=result, finished_at=timezone.now(), progress_text=_("已完成"),
            progress_percent=100, error="",
        )
    job.refresh_from_db()
    return job


def error_text(exc: Exception) -> str:
    """What the job page says about a failure: a JobError's own message, else an internal error."""
    if isinstance(exc, registry.JobError) and str(exc):
        return str(exc)
    return _("内部错误（%(type)s）：%(error)s。请联系系统管理员，详情见服务器日志。") % {
        "type": exc.__class__.__name__, "error": str(exc) or "-"}


def run_once(worker: str | None = None) -> Job | None:
    """Claim and run one job in this thread; None when there was nothing to do."""
    job = claim_next(worker)
    if job is None:
        return None
    return run_job(job)
