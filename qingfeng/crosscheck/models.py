"""Cross-check runs as the ledger sees them: what was imported, what was hit, which clues came of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.clues.models import Clue
from qingfeng.core.server_paths import file_name
from qingfeng.jobs.models import Job


class CrosscheckRun(models.Model):
    class Origin(models.TextChoices):
        UPLOAD = "upload", _("上传文件")
        SERVER = "server", _("服务器目录")
        COMMAND = "command", _("命令行")
        DEMO = "demo", _("演示数据")

    job = models.OneToOneField(Job, models.PROTECT, related_name="crosscheck_run")
    bundle_dir = models.CharField(_("数据包目录"), max_length=500)
    label = models.CharField(_("名称"), max_length=200, blank=True)
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    as_of = models.DateField(_("比对基准日"), null=True, blank=True)
    engine_run_id = models.CharField(_("引擎运行编号"), max_length=60, blank=True)
    # {registry: {rows_read, rows_accepted, rows_rejected, rows_flagged, problem_count, problems: [...]}}
    imports = models.JSONField(_("导入情况"), default=dict, blank=True)
    missing = models.JSONField(_("未提供的登记表"), default=list, blank=True)
    rule_counts = models.JSONField(_("各规则命中数"), default=dict, blank=True)
    skipped = models.JSONField(_("跳过的规则"), default=dict, blank=True)
    hits = models.PositiveIntegerField(_("命中数"), default=0)
    new_hits = models.PositiveIntegerField(_("新增命中"), default=0)
    gone_hits = models.PositiveIntegerField(_("消失命中"), default=0)
    clues_created = models.PositiveIntegerField(_("新建线索"), default=0)
    clues_known = models.PositiveIntegerField(_("已有线索"), default=0)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("比对运行")

    @property
    def bundle_name(self) -> str:
        """The bundle's folder by name: pages and the API never show server paths."""
        return file_name(self.bundle_dir)


class RunHit(models.Model):
    """One hit of a run and the clue it made (created) or found (seen before)."""

    run = models.ForeignKey(CrosscheckRun, models.CASCADE, related_name="run_hits")
    rule = models.CharField(max_length=10)
    hit_key = models.CharField(max_length=200)
    clue = models.ForeignKey(Clue, models.PROTECT, related_name="+")
    created = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "hit_key"], name="crosscheck_runhit_unique")]
