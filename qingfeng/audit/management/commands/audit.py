from django.core.management.base import BaseCommand, CommandError

from qingfeng.audit.trail import verify


class Command(BaseCommand):
    help = "Audit trail tools: `audit verify` checks the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.ok:
            raise CommandError(f"audit trail BROKEN after {verdict.checked} good entries: {verdict.problem}")
        self.stdout.write(f"audit trail intact: {verdict.checked} entries verified")
