"""`qingfeng report stats --from D --to D [--json] [--by quarter|township|source|category|campaign]`;
`qingfeng report bulletin --month YYYY-MM --out X.docx [--pdf X.pdf]` (qingfeng/bulletins/command.py)."""

import json

from django.core.management.base import BaseCommand, CommandError

from qingfeng.bulletins import command as bulletin_command
from qingfeng.cases.models import Accountability
from qingfeng.clues.models import Clue
from qingfeng.reports import indicators
from qingfeng.reports.management.commands.ledger import date_arg


class Command(BaseCommand):
    help = "问题线索统计指标 (ledger.md §2)"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        stats = actions.add_parser("stats", help="统计指标")
        stats.add_argument("--from", dest="date_from", required=True)
        stats.add_argument("--to", dest="date_to", required=True)
        stats.add_argument("--json", action="store_true", help="one JSON object with the indicators of ledger.md §2")
        stats.add_argument("--by", choices=indicators.DIMENSIONS, help="a breakdown instead of the totals")
        bulletin_command.add_arguments(actions)  # report bulletin (qingfeng/bulletins/command.py)

    def handle(self, *args, **options):
        if options["action"] == "bulletin":
            return bulletin_command.handle(self, options)
        date_from, date_to = date_arg(options["date_from"]), date_arg(options["date_to"])
        if date_from is None or date_to is None or date_from > date_to:
            raise CommandError("--from / --to: 需要两个日期，且开始不晚于结束")
        # The command line sees the whole county: every clue, every 问责 row.
        clues, accountability = Clue.objects.all(), Accountability.objects.all()
        if options["by"]:
            rows = indicators.breakdown(clues, date_from, date_to, options["by"], accountability)
            if options["json"]:
                self.stdout.write(json.dumps(
                    [{"key": r["key"], **indicators.as_json({k: r[k] for k in indicators.KEYS})} for r in rows],
                    ensure_ascii=False))
            else:
                for r in rows:
                    self.stdout.write(r["key"] + "\t" + "\t".join(str(r[k]) for k in indicators.KEYS))
            return
        totals = indicators.compute(clues, date_from, date_to, accountability)
        if options["json"]:
            self.stdout.write(json.dumps(indicators.as_json(totals), ensure_ascii=False))
            return
        for key in indicators.KEYS:
            self.stdout.write(f"{indicators.LABELS[key]} {key}: {totals[key]}")
