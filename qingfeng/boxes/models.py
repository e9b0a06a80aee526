"""举报箱: the register of report boxes, each opening with the two staff present and the items
found (each item a 举报箱 clue, linked both ways). The market-day intake points are places
(qingfeng.places.models MarketPoint/MarketDay); boxes has their pages."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core.text import refuse_control_characters
from qingfeng.places.models import Jurisdiction

TEXT_MAX = 2000


class ReportBox(models.Model):
    """One report box (扶贫领域违纪问题举报箱) hanging in a township or village."""

    number = models.CharField(_("编号"), max_length=30, unique=True, validators=[refuse_control_characters])
    place = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="+", verbose_name=_("所在乡镇（村）"))
    location = models.CharField(_("悬挂位置"), max_length=100, validators=[refuse_control_characters])
    key_holder = models.CharField(_("钥匙保管人"), max_length=60, validators=[refuse_control_characters])
    installed_on = models.DateField(_("悬挂日期"), null=True, blank=True)
    active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["number"]
        verbose_name = _("举报箱")

    def __str__(self) -> str:
        return self.number


class BoxOpening(models.Model):
    """One opening of a box: the day, the two staff present (two different people), the items."""

    box = models.ForeignKey(ReportBox, models.PROTECT, related_name="openings")
    opened_on = models.DateField(_("开箱日期"))
    witness_1 = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("开箱人"))
    witness_2 = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("见证人"))
    note = models.TextField(_("备注"), blank=True, max_length=TEXT_MAX, validators=[MaxLengthValidator(TEXT_MAX)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("开箱记录")
        constraints = [models.CheckConstraint(condition=~models.Q(witness_1=models.F("witness_2")),
                                              name="box_opening_two_people")]


class BoxItem(models.Model):
    """One item found in a box, registered as a 举报箱 clue (the clue's `box_item` the other way)."""

    opening = models.ForeignKey(BoxOpening, models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    clue = models.OneToOneField("clues.Clue", models.PROTECT, related_name="box_item", verbose_name=_("线索"))

    class Meta:
        ordering = ["opening", "position"]
        verbose_name = _("开箱材料")
        constraints = [models.UniqueConstraint(fields=["opening", "position"], name="box_item_position")]
