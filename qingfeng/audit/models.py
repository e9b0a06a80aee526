"""The audit trail: append-only, hash-chained entries, keyed with HMAC.

Each entry's hash covers its own content and the previous entry's hash, and the
head row remembers the last sequence number and hash, so editing, deleting
(even the last entry) or inserting an entry is detectable by `verify`. Since
issue 13 the hash is an HMAC-SHA256 under a key kept outside the database
(qingfeng.audit.keys): `key_id` names it; 0 marks the entries written before
keying (plain SHA-256, which anyone can recompute). The head carries its own
HMAC seal (`mac`), so the end of the chain cannot be moved back without the key.
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
    key_id = models.PositiveIntegerField(default=0)  # 0: legacy, unkeyed SHA-256

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
    key_id = models.PositiveIntegerField(default=0)  # the key new entries are signed with
    mac = models.CharField(max_length=64, default="", blank=True)  # HMAC of (last_seq, last_hash, key_id)
