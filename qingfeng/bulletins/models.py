"""A monthly bulletin (一月一通报) and its items, one per person given a 党纪处分 or 政务处分
decided in the month (ledger.md §7).

A bulletin is drafted (from the month's measures), edited and approved by leadership,
then issued: it takes its number (per year of issue), the audit chain's head at that
moment, and its Word and PDF files; from then on nothing of it changes. Each item
keeps its own copy of what the bulletin says (name, post, facts, measure) — the
clue may change later, the issued bulletin does not — and how the name is shown on
the public 曝光台 (full or masked), chosen at issue.
"""

from django.conf import settings
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

TEXT_MAX_LENGTH = 4000


def _text(verbose_name, **kwargs) -> models.TextField:
    return models.TextField(verbose_name, max_length=TEXT_MAX_LENGTH,
                            validators=[MaxLengthValidator(TEXT_MAX_LENGTH)], blank=True, **kwargs)


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已审定")
        ISSUED = "issued", _("已印发")

    year = models.PositiveSmallIntegerField(_("通报年份"))  # the month the bulletin covers
    month = models.PositiveSmallIntegerField(_("通报月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送机关"), max_length=200, blank=True)
    preface = _text(_("导语"))
    closing = _text(_("结语"))
    # Set at issue: the number within the year of issue (慈纪通〔YYYY〕N号), the issue date,
    # the month's totals as printed, the audit head ("SEQ:HASH") and the two files.
    number_year = models.PositiveSmallIntegerField(_("文号年份"), null=True, blank=True)
    number = models.PositiveIntegerField(_("文号序号"), null=True, blank=True)
    document_no = models.CharField(_("文号"), max_length=40, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    totals = models.JSONField(_("本月合计"), default=dict, blank=True)
    audit_head = models.CharField(_("审计链头"), max_length=100, blank=True)
    docx = models.BinaryField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    public_pdf = models.BinaryField(null=True, blank=True)  # names as published on the 曝光台
    public_title = models.CharField(_("公开标题"), max_length=200, blank=True)  # bulletins.public, at issue
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("典型案例通报")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="one_bulletin_per_month"),
            models.UniqueConstraint(fields=["number_year", "number"], name="bulletin_number_once_a_year"),
        ]

    def __str__(self) -> str:
        return self.document_no or f"{self.year}-{self.month:02d}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class NameShown(models.TextChoices):
    FULL = "full", _("公开全名")
    MASKED = "masked", _("隐去名字")


class ItemQuerySet(models.QuerySet):
    def listed(self):
        """The items the bulletin lists (its typical cases), in its order."""
        return self.filter(included=True).order_by("position", "decided_on", "id")


class BulletinItem(models.Model):
    bulletin = models.ForeignKey(Bulletin, models.CASCADE, related_name="items")
    # One item per person (their clue and name, as in ledger.md §4): a 党纪处分 and a 政务处分
    # of the same person are one item whose measure_text names both.
    clue = models.ForeignKey("clues.Clue", models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    included = models.BooleanField(_("列为典型案例"), default=True)
    name = models.CharField(_("姓名"), max_length=40)
    post = models.CharField(_("单位及职务"), max_length=200, blank=True)
    township = models.CharField(_("乡镇"), max_length=100, blank=True)
    facts = _text(_("主要问题"))
    measure_text = models.CharField(_("处理结果"), max_length=200)
    decided_on = models.DateField(_("决定日期"))
    name_shown = models.CharField(_("曝光台姓名"), max_length=10, choices=NameShown.choices,
                                  default=NameShown.FULL)
    # Set once someone edits the item's wording: refreshing the draft from the measures
    # then keeps its text (and updates only the decision date).
    edited = models.BooleanField(default=False)
    # What the 曝光台 shows of this case ({"name", "post", "facts", "measure"}), fixed at issue.
    public = models.JSONField(_("公开内容"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["bulletin", "position", "id"]
        verbose_name = _("通报案例")
        constraints = [models.UniqueConstraint(fields=["bulletin", "clue", "name"], name="one_item_per_person")]
