from django.core.management.base import BaseCommand, CommandError

from qingfeng.audit.trail import verify


class Command(BaseCommand):
    help = "审计日志 / audit trail: `audit verify` checks the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.ok:
            raise CommandError(f"审计日志已被改动 / audit trail BROKEN after {verdict.checked} good entries: "
                               f"{verdict.problem}")
        self.stdout.write(f"审计日志完好 / audit trail intact: {verdict.checked} entries verified")
