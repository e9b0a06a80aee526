"""The audit trail: append-only, hash-chained entries.

Each entry's hash covers its own content and the previous entry's hash, and the
head row remembers the last sequence number and hash, so editing, deleting
(even the last entry) or inserting an entry is detectable by `verify`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("audit entries are append-only")

    def delete(self):
        raise TypeError("audit entries are append-only")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=150)  # kept when the user is gone
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, db_index=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计记录")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit entries are append-only")


class AuditHead(models.Model):
    """Singleton: the end of the chain. Locked by every append, so appends serialise."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
