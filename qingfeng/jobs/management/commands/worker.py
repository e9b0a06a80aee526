import threading

from django.core.management.base import BaseCommand

from qingfeng.jobs import queue, worker


class Command(BaseCommand):
    help = "Run background jobs (imports, cross-check runs) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the queued jobs, then exit")

    def handle(self, *args, once, **options):
        if once:
            queue.requeue_stale()
            while (job := queue.run_once()) is not None:
                self.stdout.write(f"{job}: {job.status} {job.error}")
            return
        self.stdout.write("清风 Qingfeng worker running (Ctrl-C to stop)")
        stop = threading.Event()
        try:
            worker.work(stop)
        except KeyboardInterrupt:
            stop.set()
