"""`qingfeng report stats --from D --to D [--json] [--by quarter|township|source|category|campaign]`;
`qingfeng report period --day D | --week W | --month M | --quarter Q --out FILE.pdf|.docx|.xlsx`,
`qingfeng report bulletin --month YYYY-MM --out X.docx [--pdf X.pdf]` (qingfeng/bulletins/command.py)."""

import json
from pathlib import Path

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
        period = actions.add_parser("period", help="日收集·周汇总·月排查·季分析 (ledger.md §7)")
        which = period.add_mutually_exclusive_group(required=True)
        for kind, example in (("day", "2018-06-05"), ("week", "2018-W23"), ("month", "2018-06"),
                              ("quarter", "2018Q2")):
            which.add_argument(f"--{kind}", metavar=example)
        period.add_argument("--out", required=True, help="FILE.pdf, FILE.docx or FILE.xlsx")

    def handle(self, *args, **options):
        if options["action"] == "bulletin":
            return bulletin_command.handle(self, options)
        if options["action"] == "period":
            return self._period(options)
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

    def _period(self, options):
        from qingfeng.places.lookup import county
        from qingfeng.reports.periodic import content, periods, render

        kind = next(k for k in periods.KINDS if options.get(k))
        try:
            period = periods.parse(options[kind], kind)
        except ValueError as e:
            raise CommandError(str(e)) from None
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in render.FORMATS:
            raise CommandError(f"--out: 文件须以 .pdf、.docx 或 .xlsx 结尾（{out.name}）")
        root = county()
        report = content.build(period, Clue.objects.all(), Accountability.objects.all(),
                               root.name if root else "",
                               list_cap=content.XLSX_LIST_CAP if fmt == "xlsx" else content.LIST_CAP)
        data = render.render(report, fmt)
        out.write_bytes(data)
        self.stdout.write(f"{out} ({report.title} {period.label}, {len(data):,} bytes)")
