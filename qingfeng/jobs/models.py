"""Background jobs: a database-backed queue that survives a restart (see qingfeng.jobs.queue)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=50)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_text = models.CharField(_("进度"), max_length=300, blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("进度百分比"), default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # A running job whose heartbeat is older than the stale limit lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=120, blank=True)  # host:pid:thread that claimed it
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(_("结果"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("后台任务")
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
