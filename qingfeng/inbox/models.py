"""What a staff member has marked as seen in their inbox."""

from django.conf import settings
from django.db import models


class SeenReminder(models.Model):
    """A reminder `identity` (qingfeng.inbox.sources.Reminder.identity) the user has seen.

    Only undated reminders leave the inbox when seen; a deadline stays until it is resolved.
    A per-user reading mark, not a change of any protected record: not audited (docs/inbox.md).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    identity = models.CharField(max_length=200)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "identity"], name="inbox_seen_once")]
