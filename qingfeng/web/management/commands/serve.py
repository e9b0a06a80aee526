from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform with a production WSGI server (waitress) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="do not run background jobs in this process")

    def handle(self, *args, host, port, threads, no_worker=False, **options):
        from waitress import serve

        from qingfeng.jobs.worker import start_thread
        from qingfeng.web.wsgi import application

        self.stdout.write(f"清风 Qingfeng serving on http://{host}:{port}/  (Ctrl-C to stop)")
        if not no_worker:  # one process for the demo: background jobs run in a thread here
            start_thread()
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="qingfeng", **proxy_options())


def proxy_options() -> dict:
    """waitress drops X-Forwarded-* headers unless told otherwise; behind nginx Django reads them."""
    from django.conf import settings

    return {"clear_untrusted_proxy_headers": not settings.BEHIND_PROXY}
