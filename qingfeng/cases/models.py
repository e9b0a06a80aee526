"""Cases (案件), persons handled (处理人员), accountability (问责) and themed campaigns
(一季一主题): shared/spec/ledger.md §3-§5. What each measure means is in `measures`."""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.cases import measures as m
from qingfeng.clues.models import TEXT_MAX_LENGTH, Clue
from qingfeng.places.models import Department, Household, Jurisdiction

MONEY = {"max_digits": 14, "decimal_places": 2, "default": 0}


def _text(verbose_name, **kwargs) -> models.TextField:
    return models.TextField(verbose_name, max_length=TEXT_MAX_LENGTH,
                            validators=[MaxLengthValidator(TEXT_MAX_LENGTH)], **kwargs)


class Campaign(models.Model):
    """A themed campaign (专项治理主题), normally one a quarter. Clues are tagged to it
    (Clue.campaign): at intake, by rule for cross-check clues, in bulk, or by the ledger."""

    name = models.CharField(_("专项治理主题"), max_length=60, unique=True)
    # A campaign named by an imported ledger before anyone defined it has no quarter yet.
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(
        _("季度"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)])
    scope = _text(_("治理范围"), blank=True)
    rules = models.JSONField(_("比对规则"), default=list, blank=True)  # rule ids, e.g. ["R01", "R05"]
    categories = models.JSONField(_("问题类别"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter", "name"]
        verbose_name = _("专项治理主题")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """A clue disposed as 立案审查调查, from 立案 to 结案."""

    class Stage(models.TextChoices):
        FILED = "立案", _("立案")
        INVESTIGATION = "审查调查", _("审查调查")
        TRIAL = "案件审理", _("案件审理")
        DECISION = "处分决定", _("处分决定")
        CLOSED = "结案", _("结案")

    clue = models.OneToOneField(Clue, models.PROTECT, related_name="case", verbose_name=_("问题线索"))
    case_no = models.CharField(_("案件编号"), max_length=40, unique=True)
    stage = models.CharField(_("案件环节"), max_length=10, choices=Stage.choices, default=Stage.FILED)
    filed_on = models.DateField(_("立案日期"))
    # The day each later stage was reached (empty until then).
    investigation_on = models.DateField(_("审查调查日期"), null=True, blank=True)
    trial_on = models.DateField(_("案件审理日期"), null=True, blank=True)
    decision_on = models.DateField(_("处分决定日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("案件")

    def __str__(self) -> str:
        return self.case_no


class Investigated(models.Model):
    """A person investigated in a case (被调查人)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="investigated")
    name = models.CharField(_("姓名"), max_length=40)
    post = models.CharField(_("单位及职务"), max_length=200, blank=True)
    rank = models.CharField(_("职级"), max_length=10, choices=m.Rank.choices, blank=True)
    party_member = models.BooleanField(_("中共党员"), default=False)

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("被调查人")
        constraints = [models.UniqueConstraint(fields=["case", "name"], name="investigated_once_per_case")]


class Measure(models.Model):
    """One measure taken against one person of a clue (a row of the 处理人员 sheet).
    Within a clue a person is identified by their name; one row per (person, kind, measure)."""

    clue = models.ForeignKey(Clue, models.PROTECT, related_name="measures", verbose_name=_("问题线索"))
    name = models.CharField(_("姓名"), max_length=40)
    post = models.CharField(_("单位及职务"), max_length=200, blank=True)
    rank = models.CharField(_("职级"), max_length=10, choices=m.Rank.choices, blank=True)
    party_member = models.CharField(_("政治面貌"), max_length=10, blank=True,
                                    choices=[(m.PARTY_MEMBER, _("中共党员")), (m.NON_MEMBER, _("非中共党员"))])
    kind = models.CharField(_("处理类别"), max_length=10, choices=m.Kind.choices)
    measure = models.CharField(_("处理种类"), max_length=20)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    form = models.PositiveSmallIntegerField(_("四种形态"), choices=m.Form.choices)  # always measures.form_of
    probation_months = models.PositiveSmallIntegerField(_("留党察看期（月）"), null=True, blank=True)
    recovered = models.DecimalField(_("追缴金额"), **MONEY)
    returned = models.DecimalField(_("退还群众金额"), **MONEY)
    extra = models.JSONField(_("其他列"), default=dict, blank=True)  # unknown sheet columns, kept
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clue", "id"]
        verbose_name = _("处理人员")
        indexes = [models.Index(fields=["decided_on"])]
        constraints = [
            models.UniqueConstraint(fields=["clue", "name", "kind", "measure"], name="one_measure_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.kind} {self.measure}"

    @property
    def effect_ends(self):
        return m.effect_ends(self.decided_on, self.kind, self.measure, self.probation_months)


class Refund(models.Model):
    """Money of a measure's 退还群众金额 returned to one household (a roll household where known)."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="refunds")
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True, related_name="refunds",
                                  verbose_name=_("建档立卡户"))
    payee = models.CharField(_("退还对象"), max_length=60)
    amount = models.DecimalField(_("退还金额"), max_digits=14, decimal_places=2)
    returned_on = models.DateField(_("退还日期"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "id"]
        verbose_name = _("退还群众明细")


class Accountability(models.Model):
    """A 问责 decision against a party organisation or a leading cadre (§5)."""

    no = models.CharField(_("问责编号"), max_length=40, unique=True)
    decided_on = models.DateField(_("决定日期"))
    target_type = models.CharField(_("问责对象类型"), max_length=10, choices=m.TargetType.choices)
    target = models.CharField(_("问责对象"), max_length=100)
    post = models.CharField(_("单位及职务"), max_length=200, blank=True)
    township = models.ForeignKey(Jurisdiction, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("所属乡镇"))
    department = models.ForeignKey(Department, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("所属部门"))
    # Scoping, as for clues: the township, else the county.
    owner = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="+", verbose_name=_("承办辖区"))
    principal = models.BooleanField(_("是否主要负责人"), default=False)
    responsibility = models.CharField(_("责任类型"), max_length=10, choices=m.Responsibility.choices)
    measure = models.CharField(_("问责方式"), max_length=20)
    reason = _text(_("问责事由"), blank=True)
    clue = models.ForeignKey(Clue, models.PROTECT, null=True, blank=True, related_name="accountability",
                             verbose_name=_("关联线索"))
    extra = models.JSONField(_("其他列"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("问责")
        indexes = [models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return self.no
