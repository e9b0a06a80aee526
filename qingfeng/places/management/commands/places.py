"""`qingfeng places import PLACES.xlsx|csv`: set up the county's places (shared/spec/places.md)."""

from django.core.management.base import BaseCommand, CommandError

from qingfeng.core import isolation
from qingfeng.places.actions import do_import_places
from qingfeng.places.reading import PlacesFileError


class Command(BaseCommand):
    help = "辖区：按行政区划代码导入县、乡镇（街道）、村（社区）和片区"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        imp = actions.add_parser("import", help="导入辖区表 (.xlsx / .csv)：行政区划代码、名称、片区")
        imp.add_argument("path")

    def handle(self, *args, action, path, **options):
        try:
            # Command line: no acting user (the audit trail records "system").
            # Read in a child process under the job limits: a bad file ends with a message.
            report = do_import_places(path, acting_user=None, limits=isolation.job_limits())
        except PlacesFileError as e:
            raise CommandError(str(e)) from None
        for line in report.lines():
            self.stdout.write(line)
