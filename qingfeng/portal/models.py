"""Public reports (portal.md §2): the receipt of a clue that came in online, and its conversation.

The clue itself is an ordinary clues.Clue (source 信访举报, channel 网络); what is public
about it lives here, so nothing of the clue is ever shown by accident: the receipt
(only its keyed hash), the feedback text staff chose to give, and the messages.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000
FEEDBACK_MAX_LENGTH = 2000


class PublicReport(models.Model):
    clue = models.OneToOneField("clues.Clue", models.PROTECT, related_name="public_report")
    # qingfeng.portal.reports.receipts.receipt_hash: it can be checked, never read back.
    receipt_hash = models.CharField(max_length=64, unique=True)
    feedback = models.TextField(_("反馈内容"), max_length=FEEDBACK_MAX_LENGTH, blank=True,
                                validators=[MaxLengthValidator(FEEDBACK_MAX_LENGTH)])
    feedback_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock of the feedback text
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("网上举报")


class PublicMessage(models.Model):
    class Sender(models.TextChoices):
        REPORTER = "reporter", _("举报人")
        STAFF = "staff", _("工作人员")

    clue = models.ForeignKey("clues.Clue", models.CASCADE, related_name="public_messages")
    sender = models.CharField(max_length=10, choices=Sender.choices)
    staff_user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    text = models.TextField(_("留言"), max_length=MESSAGE_MAX_LENGTH,
                            validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("举报留言")
