"""Village disclosures (村务公开 "N+X", shared/spec/portal.md §4).

One model serves every publication of a village, whoever writes it: an N item of the
county-wide list (`item` set; a monthly meeting (`Meeting`) publishes its record as
the item whose key is `MONTHLY_MEETING`) or an X item of the village's own (`item`
empty, own title). A correction is a new row that `supersedes` the previous one; the
old row stays (public, marked superseded) and only the newest has `current`.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingfeng.places.models import Jurisdiction

MONTHLY_MEETING = "monthly_meeting"
MAX_TEXT = 20000


class RequiredItem(models.Model):
    """An item of the county's N list, kept by the administrator.

    Required for the months from `since` until before `retired_from` (first days of
    months), so adding or retiring an item never changes what earlier months owed.
    """

    key = models.SlugField(max_length=40, unique=True, null=True, blank=True)  # stable name for code
    title = models.CharField(_("名称"), max_length=60, unique=True)
    position = models.PositiveIntegerField(default=0)
    since = models.DateField(_("起始月份"))
    retired_from = models.DateField(_("停用月份"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("必须公开事项")

    def __str__(self) -> str:
        return self.title

    def required_in(self, month) -> bool:
        return self.since <= month and (self.retired_from is None or month < self.retired_from)


class Disclosure(models.Model):
    village = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="disclosures", verbose_name=_("村"))
    month = models.DateField(_("月份"))  # the first day of the month it reports on
    item = models.ForeignKey(RequiredItem, models.PROTECT, null=True, blank=True, related_name="disclosures",
                             verbose_name=_("必须公开事项"))
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("内容"), max_length=MAX_TEXT, validators=[MaxLengthValidator(MAX_TEXT)])
    revision = models.PositiveIntegerField(_("版本"), default=1)  # 1 = first publication, 2 = first correction…
    supersedes = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="superseded_by")
    current = models.BooleanField(default=True)
    correction_note = models.CharField(_("更正说明"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("发布时间"))
    version = models.PositiveIntegerField(default=1)  # optimistic lock: bumped when superseded

    class Meta:
        ordering = ["-month", "item__position", "item_id", "title", "-revision"]
        verbose_name = _("村务公开")
        indexes = [models.Index(fields=["village", "month"], name="disclosure_village_month")]
        constraints = [
            # Two members publishing the same N item of a month at once: one wins, the other corrects.
            models.UniqueConstraint(fields=["village", "month", "item"], condition=Q(current=True, item__isnull=False),
                                    name="disclosure_one_current_item"),
        ]

    def __str__(self) -> str:
        return f"{self.village} {self.month:%Y-%m} {self.title}"

    @property
    def is_x(self) -> bool:
        return self.item_id is None


class DisclosureAttachment(models.Model):
    """An image or PDF of a disclosure, public with it. A correction keeps the files it carries over
    as rows of its own pointing at the same stored file (files are never rewritten)."""

    disclosure = models.ForeignKey(Disclosure, models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="villages/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("附件")


class Meeting(models.Model):
    """A monthly meeting (月例会) of a village's supervision committee, recorded by its members.

    One meeting per village and month. Publishing it publishes its text as the village's N item
    `MONTHLY_MEETING` of that month (`disclosure` is the current published version); the
    finance entries signed off at it (民主理财) are its `entries`.
    """

    village = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="village_meetings", verbose_name=_("村"))
    held_on = models.DateField(_("会议日期"))
    month = models.DateField(_("月份"))  # the first day of held_on's month: the disclosure's month
    attendees = models.CharField(_("参加人员"), max_length=500)
    topics = models.TextField(_("群众反映的问题"), max_length=MAX_TEXT, blank=True,
                              validators=[MaxLengthValidator(MAX_TEXT)])
    decisions = models.TextField(_("会议决定"), max_length=MAX_TEXT, blank=True,
                                 validators=[MaxLengthValidator(MAX_TEXT)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))
    disclosure = models.OneToOneField(Disclosure, models.PROTECT, null=True, blank=True, related_name="meeting")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("村务监督委员会月例会")
        constraints = [models.UniqueConstraint(fields=["village", "month"], name="meeting_one_per_village_month")]

    def __str__(self) -> str:
        return f"{self.village} {self.held_on:%Y-%m-%d}"

    @property
    def published(self) -> bool:
        return self.disclosure_id is not None


class ReviewedEntry(models.Model):
    """A finance entry of the village's books signed off at a meeting (民主理财审核).

    The entry's figures are copied from the books it was checked against (`snapshot_id` of
    the hub's village_books; `in_books` False when the village had no books imported yet),
    so the meeting reads the same when later books arrive. An entry is signed off once.
    """

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="entries")
    village = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="+")
    voucher_no = models.CharField(_("凭证号"), max_length=60)
    booked_on = models.DateField(_("记账日期"), null=True, blank=True)
    direction = models.CharField(_("收支"), max_length=4, blank=True)
    account_title = models.CharField(_("科目"), max_length=100, blank=True)
    amount = models.DecimalField(_("金额"), max_digits=18, decimal_places=2, null=True, blank=True)
    memo = models.CharField(_("摘要"), max_length=200, blank=True)
    counterparty = models.CharField(_("收付对象"), max_length=200, blank=True)
    counterparty_is_person = models.BooleanField(default=False)  # masked when published
    in_books = models.BooleanField(default=True)
    snapshot_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["booked_on", "voucher_no"]
        verbose_name = _("民主理财审核的收支")
        constraints = [models.UniqueConstraint(fields=["village", "voucher_no"], name="reviewed_entry_once")]
