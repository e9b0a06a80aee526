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
    # [{key, rule, exception}]: hits left out by an active HitException (no clue made)
    excluded = models.JSONField(_("例外排除"), default=list, blank=True)

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


class HitReview(models.Model):
    """The investigator's 核查 verdict on a cross-check clue: one current verdict per clue,
    versioned (optimistic lock); every change is in the audit trail, which keeps its history."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("属实")
        REFUTED = "refuted", _("不属实")

    clue = models.OneToOneField(Clue, models.PROTECT, related_name="hit_review")
    rule = models.CharField(_("规则"), max_length=10)
    verdict = models.CharField(_("核查结论"), max_length=10, choices=Verdict.choices)
    reason = models.CharField(_("原因"), max_length=50)
    note = models.TextField(_("说明"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("命中核查")
        indexes = [models.Index(fields=["rule", "verdict"])]


class HitException(models.Model):
    """A subject a rule should no longer flag (a 不属实 verdict's consequence) until a day:
    later runs leave its hits out and report them as excluded."""

    class Kind(models.TextChoices):
        ID_NUMBER = "id_number", _("公民身份号码")
        HOUSEHOLD = "household_id", _("户编号")
        ACCOUNT = "account", _("银行账号")
        PAYMENT = "payment_id", _("发放流水号")
        RECORD = "record", _("凭证或交易流水")
        PLATE = "plate", _("号牌号码")
        CERT = "cert_no", _("不动产权证号")

    rule = models.CharField(_("规则"), max_length=10)
    subject_kind = models.CharField(_("对象类型"), max_length=20, choices=Kind.choices)
    subject_value = models.CharField(_("对象"), max_length=200)  # normalised as the importer does
    valid_until = models.DateField(_("有效期至"))
    reason = models.CharField(_("原因"), max_length=50)
    note = models.TextField(_("说明"), blank=True)
    review = models.ForeignKey(HitReview, models.PROTECT, null=True, blank=True, related_name="exceptions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    revoke_note = models.CharField(_("撤销说明"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("比对例外")
        indexes = [models.Index(fields=["rule", "subject_kind", "subject_value"])]

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
