import signal
import threading

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform with a production WSGI server (waitress) and a job worker process until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="run no job worker (run `qingfeng worker` apart)")

    def handle(self, *args, host, port, threads, no_worker=False, **options):
        from waitress import serve

        from qingfeng.jobs.supervisor import WorkerProcess
        from qingfeng.web.wsgi import application

        self.stdout.write(f"清风 Qingfeng serving on http://{host}:{port}/  (Ctrl-C to stop)")
        self.stdout.flush()
        # Jobs run in a supervised `qingfeng worker` process, restarted if it dies: no job
        # can take this process down, and the worker stops with it.
        worker = None if no_worker else WorkerProcess().start()
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _interrupt) if main else None  # stop the worker on SIGTERM too
        try:
            serve(application, host=host, port=port, threads=threads, ident="qingfeng", **proxy_options())
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.stop()
            if main:
                signal.signal(signal.SIGTERM, previous)


def _interrupt(*_):
    raise KeyboardInterrupt


def proxy_options() -> dict:
    """waitress drops X-Forwarded-* headers unless told otherwise; behind nginx Django reads them."""
    from django.conf import settings

    return {"clear_untrusted_proxy_headers": not settings.BEHIND_PROXY}
