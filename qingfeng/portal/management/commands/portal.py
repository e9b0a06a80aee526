"""`qingfeng portal publish` and `qingfeng portal posters` (shared/spec/portal.md §1, §3)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "公众门户：发布惠民资金查询数据，生成各村二维码海报"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("publish", help="用数据仓库中最新的名册和发放明细重建公开查询数据")
        posters = actions.add_parser("posters", help="每个村一张 A4 海报（PDF），二维码指向该村的公开页面")
        posters.add_argument("--township", help="只生成该乡镇（名称或代码）的海报")
        posters.add_argument("--out", required=True, help="输出目录")

    def handle(self, *args, action, **options):
        if action == "publish":
            from qingfeng.portal.lookup.publishing import publish_command

            publish_command(self.stdout)
        else:
            from qingfeng.villages.posters import posters_command

            posters_command(self.stdout, township=options["township"], out=options["out"])
