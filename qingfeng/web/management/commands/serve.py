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
        parser.add_argument("--max-request-mb", type=int, default=None,
                            help="refuse (413) request bodies larger than this, before reading them "
                                 "(default QINGFENG_MAX_REQUEST_MB, 512)")

    def handle(self, *args, host, port, threads, no_worker=False, max_request_mb=None, **options):
        from django.conf import settings
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
            # waitress spools a body to disk before Django sees it; without a limit of our own it
            # would take 1 GB from anyone, the public report form included.
            limit_mb = settings.MAX_REQUEST_MB if max_request_mb is None else max_request_mb
            serve(application, host=host, port=port, threads=threads, ident="qingfeng",
                  max_request_body_size=limit_mb * 1024 * 1024, **proxy_options())
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
