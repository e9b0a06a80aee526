"""Jurisdictions (county → 片区 → 乡镇 → 村), departments, the households in them, and the
赶集日举报点 (a township's market, and the days it was staffed: a place and a date that a 来访
clue names, Clue.market_day)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core.text import refuse_control_characters


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        COUNTY = "county", _("县")
        AREA = "area", _("片区")
        TOWNSHIP = "township", _("乡镇")
        VILLAGE = "village", _("村")

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    # Materialised path "/county/area/township/village/": a jurisdiction and all
    # below it are one indexed prefix query.
    path = models.CharField(max_length=200, db_index=True, editable=False)
    # Optimistic lock of the administrator's edits (rename an area, move a township).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["path"]
        verbose_name = _("辖区")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "/") + self.code + "/"
        super().save(*args, **kwargs)

    def contains(self, other: "Jurisdiction") -> bool:
        return other.path.startswith(self.path)

    def ancestors(self) -> list["Jurisdiction"]:
        codes = self.path.strip("/").split("/")[:-1]
        by_code = {j.code: j for j in Jurisdiction.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def township(self) -> "Jurisdiction | None":
        if self.level == self.Level.TOWNSHIP:
            return self
        return next((j for j in self.ancestors() if j.level == self.Level.TOWNSHIP), None)


class Department(models.Model):
    """A county department that pays subsidies or transfers clues (民政, 财政, 扶贫办…)."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = _("部门")

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """A registered poor household (建档立卡户) of the roll."""

    household_no = models.CharField(_("户编号"), max_length=40, unique=True)
    village = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="households", verbose_name=_("村"))
    head_name = models.CharField(_("户主"), max_length=40)
    enrolled_on = models.DateField(_("纳入日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)])
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["household_no"]
        verbose_name = _("建档立卡户")

    def __str__(self) -> str:
        return f"{self.household_no} {self.head_name}"


class Member(models.Model):
    household = models.ForeignKey(Household, models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=40)
    id_number = models.CharField(_("证件号码"), max_length=18, blank=True)
    relation = models.CharField(_("与户主关系"), max_length=10)
    sex = models.CharField(_("性别"), max_length=2, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)

    class Meta:
        ordering = ["household", "id"]
        verbose_name = _("家庭成员")

    def __str__(self) -> str:
        return self.name


class MarketPoint(models.Model):
    """赶集日举报点: a township's market where staff take reports face to face on market days."""

    township = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="+", verbose_name=_("乡镇"))
    name = models.CharField(_("集市名称"), max_length=60, validators=[refuse_control_characters])
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["township__path", "name"]
        verbose_name = _("赶集日举报点")
        constraints = [models.UniqueConstraint(fields=["township", "name"], name="market_point_name")]

    def __str__(self) -> str:
        return f"{self.township.name} {self.name}"


class MarketDay(models.Model):
    """One market day a point was staffed; a 来访 clue taken there names it (Clue.market_day)."""

    point = models.ForeignKey(MarketPoint, models.PROTECT, related_name="days")
    day = models.DateField(_("赶集日"))

    class Meta:
        ordering = ["-day", "point"]
        verbose_name = _("赶集日")
        constraints = [models.UniqueConstraint(fields=["point", "day"], name="market_day_once")]

    def __str__(self) -> str:
        return f"{self.point} {self.day.isoformat()}"
