from django.core.management import call_command
from django.core.management.base import BaseCommand

from qingfeng.demo import loader


class Command(BaseCommand):
    help = "Load the demo county (idempotent), print the demo accounts, and serve the platform."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=430821)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="load only")

    def handle(self, *args, households, seed, host, port, no_serve, **options):
        accounts = loader.load(households, seed, progress=self.stdout.write)
        self.stdout.write("\n演示账号 demo accounts (password for all: %s)" % loader.DEMO_PASSWORD)
        for a in accounts:
            self.stdout.write(f"  {a.username:<12} {a.full_name}")
        if not no_serve:
            call_command("serve", host=host, port=port)
