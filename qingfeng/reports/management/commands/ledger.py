"""`qingfeng ledger import LEDGER.xlsx` / `qingfeng ledger export OUT.xlsx [--from D --to D]` [--user NAME]."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qingfeng.clues.ledger import LedgerFileError, do_export_ledger, do_import_ledger
from qingfeng.core import isolation
from qingfeng.engine.normalize import parse_date

USER_HELP = ("act as this user: their permission and scope apply and the audit trail names them. "
             "Without it the command acts as the system: imports anywhere in the county, exports every clue "
             "with every reporter, and the audit entry says 'system (command line)'.")


def date_arg(text: str):
    try:
        return parse_date(text)
    except ValueError as e:
        raise CommandError(str(e)) from None


def user_arg(username: str | None):
    if not username:
        return None
    from qingfeng.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("没有名为 %(name)s 的在用账号。") % {"name": username})
    return user


class Command(BaseCommand):
    help = ("问题线索台账导入/导出 (ledger.md §1). Every import and export is audited; without --user the "
            "command acts as the system (audit entry: 'system (command line)').")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        imp = actions.add_parser("import", help="导入台账 (.xlsx / .csv)")
        imp.add_argument("path")
        imp.add_argument("--user", help=USER_HELP)
        exp = actions.add_parser("export", help="导出台账 (.xlsx), reporters included when acting as the system")
        exp.add_argument("path")
        exp.add_argument("--from", dest="date_from", help="受理日期起 (含)")
        exp.add_argument("--to", dest="date_to", help="受理日期止 (含)")
        exp.add_argument("--user", help=USER_HELP)

    def handle(self, *args, **options):
        user = user_arg(options["user"])
        try:
            if options["action"] == "import":
                self._import(options["path"], user)
            else:
                self._export(options, user)
        except PermissionDenied:
            raise CommandError(_("账号 %(name)s 无权执行此操作。") % {"name": user.username}) from None

    def _import(self, path: str, user):
        try:
            # Read in a child process under the job limits: a bad file ends with a message.
            report = do_import_ledger(path, acting_user=user, limits=isolation.job_limits())
        except (LedgerFileError, OSError) as e:
            raise CommandError(str(e)) from None
        for line in report.lines():
            self.stdout.write(line)

    def _export(self, options, user):
        date_from = date_arg(options["date_from"]) if options["date_from"] else None
        date_to = date_arg(options["date_to"]) if options["date_to"] else None
        try:
            count = do_export_ledger(options["path"], acting_user=user, date_from=date_from, date_to=date_to)
        except OSError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(_("导出行数：%(count)s → %(path)s") % {"count": count, "path": options["path"]})
