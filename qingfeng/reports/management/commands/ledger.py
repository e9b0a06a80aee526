"""`qingfeng ledger import LEDGER.xlsx` / `qingfeng ledger export OUT.xlsx [--from D --to D]`."""

from django.core.management.base import BaseCommand, CommandError

from qingfeng.clues.ledger_io import LedgerFileError, export_ledger, import_ledger
from qingfeng.engine.normalize import parse_date


def date_arg(text: str):
    try:
        return parse_date(text)
    except ValueError as e:
        raise CommandError(str(e)) from None


class Command(BaseCommand):
    help = "问题线索台账导入/导出 (ledger.md §1)"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        imp = actions.add_parser("import", help="导入台账 (.xlsx / .csv)")
        imp.add_argument("path")
        exp = actions.add_parser("export", help="导出台账 (.xlsx)")
        exp.add_argument("path")
        exp.add_argument("--from", dest="date_from", help="受理日期起 (含)")
        exp.add_argument("--to", dest="date_to", help="受理日期止 (含)")

    def handle(self, *args, **options):
        if options["action"] == "import":
            self._import(options["path"])
        else:
            self._export(options)

    def _import(self, path: str):
        try:
            # Command line: no acting user (the audit trail records "system").
            report = import_ledger(path, acting_user=None)
        except (LedgerFileError, OSError) as e:
            raise CommandError(str(e)) from None
        for line in report.lines():
            self.stdout.write(line)

    def _export(self, options):
        date_from = date_arg(options["date_from"]) if options["date_from"] else None
        date_to = date_arg(options["date_to"]) if options["date_to"] else None
        # The command line acts as the county administrator: reporters are included.
        try:
            count = export_ledger(options["path"], include_reporter=True, date_from=date_from, date_to=date_to)
        except OSError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"rows written 导出行数: {count} -> {options['path']}")
