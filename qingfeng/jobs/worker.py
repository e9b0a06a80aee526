"""The worker loop of `qingfeng worker` (which `qingfeng serve` runs as a supervised
process of its own, see supervisor.py): each job runs in a child process with
memory and time limits; this loop only claims, watches and records."""

import logging
import threading

from django.db import close_old_connections, connection

from qingfeng.jobs import queue

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0


def work(stop: threading.Event, poll: float = POLL_SECONDS) -> None:
    """Run jobs until `stop` is set; re-queue the jobs of dead workers as it goes."""
    name = queue.worker_name()
    log.info("jobs: worker %s started", name)
    while not stop.is_set():
        close_old_connections()
        try:
            queue.requeue_stale()
            job = queue.claim_next(name)
            if job is None:
                stop.wait(poll)
                continue
            queue.run_job_isolated(job, stop=stop)
        except Exception:  # a database hiccup must not end the worker
            log.exception("jobs: worker loop error")
            stop.wait(poll)
    connection.close()
