import argparse
import os
import signal
import threading

from django.core.management.base import BaseCommand

from qingfeng.jobs import queue, worker


class Command(BaseCommand):
    help = "Run background jobs (imports, cross-check runs), each in a child process with limits, until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the queued jobs, then exit")
        # `qingfeng serve` passes its pid: a worker whose server is gone stops.
        parser.add_argument("--parent", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, once, parent=None, **options):
        if once:
            queue.requeue_stale()
            while (job := queue.run_once(isolated=True)) is not None:
                self.stdout.write(f"{job}: {job.status} {job.error}")
            return
        self.stdout.write("清风 Qingfeng worker running (Ctrl-C to stop)")
        self.stdout.flush()
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):  # the running job goes back to the queue
            signal.signal(signum, lambda *_: stop.set())
        if parent:
            threading.Thread(target=_stop_when_orphaned, args=(parent, stop), daemon=True).start()
        worker.work(stop)


def _stop_when_orphaned(parent: int, stop: threading.Event) -> None:
    while not stop.wait(2.0):
        if os.getppid() != parent:
            stop.set()
