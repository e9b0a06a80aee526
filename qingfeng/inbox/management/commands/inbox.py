"""`qingfeng inbox digest [--date YYYY-MM-DD]`: compute every staff member's reminders and hand
them to the configured channels (QINGFENG_INBOX_CHANNELS; the in-app channel by default).
Run it daily from cron once a gateway is plugged in (docs/inbox.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qingfeng.inbox.digest import run_digest


class Command(BaseCommand):
    help = "Reminders: digest (hand every staff member's reminders to the configured channels)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        digest = sub.add_parser("digest", help="compute each user's reminders and send them through the channels")
        digest.add_argument("--date", help="the day to compute for (default: today)")

    def handle(self, *args, action, **options):
        try:
            today = date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {options['date']!r} is not a date (YYYY-MM-DD)") from None
        report = run_digest(today)
        self.stdout.write(f"{today.isoformat()}: {report.users} users with reminders, {report.reminders} reminders")
        for name, count in report.sent.items():
            self.stdout.write(f"  {name}: delivered to {count} users, failed for {len(report.failed[name])}")
            for username, detail in report.failed[name]:
                self.stdout.write(f"    {username}: {detail}")
        if any(report.failed.values()):
            raise CommandError("some reminders were not delivered")
