from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform with a production WSGI server (waitress) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from qingfeng.web.wsgi import application

        self.stdout.write(f"清风 Qingfeng serving on http://{host}:{port}/  (Ctrl-C to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="qingfeng")
