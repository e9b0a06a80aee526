"""The queue: enqueue, claim, run, re-queue jobs whose worker died.

The worker runs each job in a child process (`run_job_isolated`, see
qingfeng.core.isolation) and records here, in the worker, how it ended: a job
whose child ran out of memory or time or died is failed at once with that reason,
never retried — the worker itself lives on. `run_job` runs a job in the calling
thread (the command line's `crosscheck-ledger`, the demo loader, tests).

Claiming is one conditional UPDATE (… WHERE status = 'queued'): the database
lets exactly one of two racing workers change the row, on SQLite (one writer at
a time) and on PostgreSQL (the second UPDATE re-checks the WHERE after the
first commits) alike, so a job never runs twice at once.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.db import OperationalError, connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.core import isolation
from qingfeng.core.server_paths import without_server_paths
from qingfeng.jobs import registry
from qingfeng.jobs.models import Job

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(seconds=90)  # no heartbeat for this long: the worker is gone
HEARTBEAT_SECONDS = 15.0
# A job goes stale only when the worker process itself died (a restart, a power cut: a job
# that crashes dies alone in its child), so it is run again — but not forever.
MAX_ATTEMPTS = 3


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


def requeue_stopped(job_id: int) -> None:
    """A job its worker ended on the way out goes back to the queue; this try does not count."""
    Job.objects.filter(id=job_id, status=Job.Status.RUNNING).update(
        status=Job.Status.QUEUED, worker="", attempts=F("attempts") - 1, progress_percent=0,
        progress_text=_("工作进程已停止，任务重新排队。"),
    )


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
        fields = {"progress_text": without_server_paths(str(text))[:300], "heartbeat_at": timezone.now()}
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


def run_job_isolated(job: Job, *, limits: isolation.Limits | None = None, stop: threading.Event | None = None) -> Job:
    """Run a claimed job in a child process under `limits` (default: the job limits); the
    child's progress, the heartbeat and the outcome are written here. With `stop` set
    meanwhile, the child is ended and the job goes back to the queue."""
    return _record(job, lambda: isolation.run(
        _function(job), job, limits=limits or isolation.job_limits(), progress=_progress_for(job),
        idle=lambda: heartbeat(job.id), idle_seconds=HEARTBEAT_SECONDS, stop=stop))


def _function(job: Job):
    kind = registry.get(job.kind)
    if kind is None:
        raise RuntimeError(_("未知的任务类型：%(kind)s") % {"kind": job.kind})
    return kind.function


def _run(job: Job) -> Job:
    return _record(job, lambda: _function(job)(job, _progress_for(job)))


def _record(job: Job, call) -> Job:
    """Run `call` (the job, here or in a child) and write how it ended; the worker goes on."""
    try:
        result = call()
    except isolation.Stopped:
        requeue_stopped(job.id)
    except isolation.Crashed as crash:
        log.error("job %s: its process crashed: %s", job, crash)
        _patiently(_failed, job, crash)
    except Exception as exc:
        log.exception("job %s failed", job)
        _patiently(_failed, job, exc)
    else:
        _patiently(_done, job, result)
    _patiently(job.refresh_from_db)
    return job


def _patiently(write, *args, attempts: int = 5) -> None:
    """`write` again while the database is locked by another writer (SQLite's shared cache
    in tests fails at once rather than waiting), so a finished job's outcome is not lost."""
    for attempt in range(attempts):
        try:
            return write(*args)
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def _failed(job: Job, exc: Exception) -> None:
    message = error_text(exc)
    Job.objects.filter(id=job.id).update(
        status=Job.Status.FAILED, error=message, finished_at=timezone.now(),
        progress_text=_("失败：%(error)s") % {"error": message[:280]},
    )


def _done(job: Job, result) -> None:
    Job.objects.filter(id=job.id).update(
        status=Job.Status.DONE, result=result, finished_at=timezone.now(), progress_text=_("已完成"),
        progress_percent=100, error="",
    )


def error_text(exc: Exception) -> str:
    """What the job page says about a failure: a JobError's or a crash's own message, else an
    internal error; files by their names only (the server log keeps the paths)."""
    if isinstance(exc, (registry.JobError, isolation.Crashed)) and str(exc):
        return without_server_paths(str(exc))
    return without_server_paths(_("内部错误（%(type)s）：%(error)s。请联系系统管理员，详情见服务器日志。") % {
        "type": exc.__class__.__name__, "error": str(exc) or "-"})


def run_once(worker: str | None = None, *, isolated: bool = False) -> Job | None:
    """Claim and run one job (in this thread, or `isolated` in a child); None when there was nothing to do."""
    job = claim_next(worker)
    if job is None:
        return None
    return run_job_isolated(job) if isolated else run_job(job)
