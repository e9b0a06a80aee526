"""巡察整改: the county's inspection rounds, the inspected parties (targets), the problems
fed back to them and their rectification, suggestions to departments and rules established.

A target is one inspected party organisation of a round: a village (places.Jurisdiction of
level VILLAGE), a county department (places.Department) or another unit named in free text;
`extended` marks 延伸巡察. Its problems are rectified by whoever answers for it (the
township officers of the village's township, the department's liaisons) and verified by the
inspection office (qingfeng.inspections.access).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.places.models import Department, Jurisdiction

TEXT_MAX = 2000


def _text(verbose_name, **kwargs) -> models.TextField:
    return models.TextField(verbose_name, max_length=TEXT_MAX, validators=[MaxLengthValidator(TEXT_MAX)], **kwargs)


class Round(models.Model):
    """巡察轮次: e.g. 2018年第三轮常规巡察."""

    class Kind(models.TextChoices):
        REGULAR = "常规", _("常规巡察")
        SPECIAL = "专项", _("专项巡察")
        MOBILE = "机动", _("机动式巡察")

    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("轮次"))
    kind = models.CharField(_("巡察类型"), max_length=4, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=100, blank=True)
    started_on = models.DateField(_("进驻日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = _text(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("巡察轮次")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="inspection_round_year_number")]

    def __str__(self) -> str:
        return self.title or f"{self.year}年第{self.number}轮{self.get_kind_display()}"


class Target(models.Model):
    """One inspected party organisation (被巡察党组织) of a round."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="targets")
    village = models.ForeignKey(Jurisdiction, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("村（居）"))
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("部门"))
    unit_name = models.CharField(_("其他单位"), max_length=100, blank=True)
    organisation = models.CharField(_("被巡察党组织"), max_length=100, blank=True)
    extended = models.BooleanField(_("延伸巡察"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("被巡察对象")
        constraints = [
            models.UniqueConstraint(fields=["round", "village"], name="inspection_target_village",
                                    condition=models.Q(village__isnull=False)),
            models.UniqueConstraint(fields=["round", "department"], name="inspection_target_department",
                                    condition=models.Q(department__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.organisation or self.place_name

    @property
    def place_name(self) -> str:
        if self.village_id:
            return self.village.name
        if self.department_id:
            return self.department.name
        return self.unit_name


class Problem(models.Model):
    """A problem fed back (反馈问题) to a target, and its rectification (整改)."""

    class Status(models.TextChoices):
        OPEN = "待整改", _("待整改")
        REPORTED = "待核实", _("已报整改待核实")
        VERIFIED = "已整改", _("已整改")

    target = models.ForeignKey(Target, models.CASCADE, related_name="problems")
    description = _text(_("反馈问题"))
    immediate = models.BooleanField(_("立行立改"), default=False)
    fed_back_on = models.DateField(_("反馈日期"))
    due_on = models.DateField(_("整改时限"))
    status = models.CharField(_("整改状态"), max_length=4, choices=Status.choices, default=Status.OPEN)
    rectification = _text(_("整改情况"), blank=True)
    money_returned = models.DecimalField(_("清退资金（元）"), max_digits=14, decimal_places=2, default=Decimal("0"))
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    verified_on = models.DateField(_("核实日期"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    verification_note = _text(_("核实意见"), blank=True)
    # 巡察移交: the clue this problem became (the clue's `inspection_problem` the other way).
    clue = models.OneToOneField("clues.Clue", models.PROTECT, null=True, blank=True, related_name="inspection_problem",
                                verbose_name=_("移交线索"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["target", "id"]
        verbose_name = _("反馈问题")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description[:30]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.VERIFIED


class Suggestion(models.Model):
    """意见建议 to a department (整改建议), recorded against the round."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="suggestions")
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("部门"))
    unit_name = models.CharField(_("其他单位"), max_length=100, blank=True)
    text = _text(_("意见建议"))
    made_on = models.DateField(_("提出日期"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("意见建议")


class RuleEstablished(models.Model):
    """建章立制: a rule a unit established at the round's urging."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="rules")
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("部门"))
    unit_name = models.CharField(_("其他单位"), max_length=100, blank=True)
    title = models.CharField(_("制度名称"), max_length=200)
    established_on = models.DateField(_("建立日期"))

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("建章立制")
