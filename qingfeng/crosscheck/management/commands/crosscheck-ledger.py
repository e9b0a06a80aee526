from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qingfeng.crosscheck.actions import run_now
from qingfeng.crosscheck.models import CrosscheckRun


class Command(BaseCommand):
    help = "Run the cross-check on BUNDLE_DIR and write its hits into the clue ledger (as the system), now."

    def add_arguments(self, parser):
        parser.add_argument("bundle_dir")
        parser.add_argument("--as-of", type=date.fromisoformat, help="比对基准日 YYYY-MM-DD (default today)")
        parser.add_argument("--label", default="")

    def handle(self, *args, bundle_dir, as_of, label, **options):
        path = Path(bundle_dir).resolve()
        if not path.is_dir():
            raise CommandError(f"{bundle_dir}：目录不存在 / no such directory")
        run = run_now(acting_user=None, bundle_dir=path, origin=CrosscheckRun.Origin.COMMAND, label=label, as_of=as_of)
        out = self.stdout.write
        out(f"比对运行 run #{run.id}（任务 job #{run.job_id}）：{run.job.get_status_display()}")
        for key, rep in run.imports.items():
            out(f"  {key:<12} 读入 {rep['rows_read']:>8}  接受 {rep['rows_accepted']:>8}  "
                f"拒绝 {rep['rows_rejected']:>6}  有问题 {rep['rows_flagged']:>6}")
            for p in rep["problems"][:3]:
                out(f"      第 {p['row']} 行 row, 列 column {p['column'] or '-'}: {p['reason']}")
        for rule_id, count in sorted(run.rule_counts.items()):
            out(f"  {rule_id} {count:>7} 条命中 hits")
        out(f"命中 hits {run.hits}（新增 new {run.new_hits}，消失 gone {run.gone_hits}）；"
            f"新建线索 clues created {run.clues_created}，已有 already known {run.clues_known}")
        if run.job.status != run.job.Status.DONE:
            raise CommandError(run.job.error or "failed")
