"""Problem clues (问题线索) and the ledger (台账): fields of shared/spec/ledger.md §1."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.clues.stages import STAGE_STATE, Disposal, Stage, State  # noqa: F401 (re-exported)
from qingfeng.places.models import Department, Jurisdiction

# Free-text limits. Django enforces a TextField's max_length only in forms, so each
# also carries a validator, and the actions check them (qingfeng.clues.validation) for
# the API and other callers that never build a form.
SUMMARY_MAX_LENGTH = 5000
TEXT_MAX_LENGTH = 2000


def _text(verbose_name, max_length=TEXT_MAX_LENGTH, **kwargs) -> models.TextField:
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)],
                            **kwargs)


class Source(models.TextChoices):
    PETITION = "信访举报", _("信访举报")
    HIGHER = "上级交办", _("上级交办")
    INSPECTION = "巡察移交", _("巡察移交")
    AUDIT = "审计移交", _("审计移交")
    DEPARTMENT = "部门移送", _("部门移送")
    DATA = "大数据比对", _("大数据比对")
    SUPERVISION = "监督检查", _("监督检查")
    OTHER = "其他", _("其他")


class Channel(models.TextChoices):
    LETTER = "来信", _("来信")
    VISIT = "来访", _("来访")
    WEB = "网络", _("网络")
    PHONE = "电话", _("电话")
    SMS = "短信", _("短信")
    BOX = "举报箱", _("举报箱")
    OTHER = "其他", _("其他")


# 问题类别 (ledger.md §1): the classes the commission counts clues by; empty while unclassified.
CATEGORIES = ("虚报冒领", "截留挪用", "优亲厚友", "吃拿卡要", "违规收费", "形式主义官僚主义", "其他")


class Reporter(models.Model):
    """A reporter's identity, stored apart from the clue: confidential (see access rules)."""

    name = models.CharField(_("反映人"), max_length=60)
    contact = models.CharField(_("反映人联系方式"), max_length=200, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=18, blank=True)


class Clue(models.Model):
    clue_no = models.CharField(_("线索编号"), max_length=40, unique=True)
    received_on = models.DateField(_("受理日期"))
    source = models.CharField(_("线索来源"), max_length=10, choices=Source.choices)
    channel = models.CharField(_("反映方式"), max_length=10, choices=Channel.choices, blank=True)
    reporter = models.OneToOneField(Reporter, models.PROTECT, null=True, blank=True, related_name="clue")
    subject = models.CharField(_("被反映人"), max_length=100, blank=True)
    subject_post = models.CharField(_("被反映人单位及职务"), max_length=200, blank=True)
    township = models.ForeignKey(
        Jurisdiction, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所属乡镇")
    )
    village = models.ForeignKey(
        Jurisdiction, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所属村")
    )
    # Who owns the clue now: the county, a 片区, or a township. Scoping uses its path.
    owner = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="owned_clues", verbose_name=_("承办辖区"))
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="clues", verbose_name=_("移送部门")
    )
    category = models.CharField(_("问题类别"), max_length=40, blank=True)
    summary = _text(_("主要问题"), SUMMARY_MAX_LENGTH, blank=True)
    amount_involved = models.DecimalField(_("涉及金额"), max_digits=14, decimal_places=2, null=True, blank=True)
    repeat_of = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="repeats", verbose_name=_("重复件原件")
    )
    is_repeat = models.BooleanField(_("是否重复件"), default=False)
    disposal = models.CharField(_("处置方式"), max_length=10, choices=Disposal.choices, blank=True)
    handler_unit = models.CharField(_("承办单位"), max_length=100, blank=True)
    handler_name = models.CharField(_("承办人"), max_length=60, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="handled_clues"
    )
    due_on = models.DateField(_("办理时限"), null=True, blank=True)
    state = models.CharField(_("办理状态"), max_length=10, choices=State.choices, default=State.PENDING)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    case_filed = models.BooleanField(_("是否立案"), default=False)
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    persons_sanctioned = models.PositiveIntegerField(_("党纪政务处分人数"), default=0)
    org_handled = models.PositiveIntegerField(_("组织处理人数"), default=0)
    first_form = models.PositiveIntegerField(_("第一种形态人数"), default=0)
    judicial = models.PositiveIntegerField(_("移送司法人数"), default=0)
    recovered = models.DecimalField(_("追缴金额"), max_digits=14, decimal_places=2, default=0)
    returned = models.DecimalField(_("退还群众金额"), max_digits=14, decimal_places=2, default=0)
    fed_back = models.BooleanField(_("是否反馈"), default=False)
    feedback_on = models.DateField(_("反馈日期"), null=True, blank=True)
    archived = models.BooleanField(_("是否归档"), default=False)
    note = _text(_("备注"), blank=True)
    extra = models.JSONField(_("其他列"), default=dict, blank=True)  # unknown ledger columns, kept
    # 专项治理主题 (ledger.md §3): at most one themed campaign per clue.
    campaign = models.ForeignKey("cases.Campaign", models.PROTECT, null=True, blank=True, related_name="clues",
                                 verbose_name=_("专项治理主题"))
    # 赶集日举报点: the market day a 来访 clue was taken at face to face (the 清零 work by point).
    market_day = models.ForeignKey("places.MarketDay", models.PROTECT, null=True, blank=True, related_name="clues",
                                   verbose_name=_("赶集日举报点"))
    # Workflow (qingfeng.clues.workflow): the fine stage, the pending proposal, the
    # responsible leader (in custody of the reporter's identity with the handler).
    stage = models.CharField(_("办理环节"), max_length=12, choices=Stage.choices, default=Stage.REGISTERED)
    proposed_disposal = models.CharField(_("拟处置方式"), max_length=10, choices=Disposal.choices, blank=True)
    proposal_reason = _text(_("处置意见"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="led_clues",
        verbose_name=_("责任领导"),
    )
    result = _text(_("办理结果"), blank=True)
    # 五个到位: 反馈到位 is `fed_back`; the rest are checked at close-out.
    investigated = models.BooleanField(_("调查到位"), default=False)
    dealt_with = models.BooleanField(_("处理到位"), default=False)
    file_complete = models.BooleanField(_("归档到位"), default=False)
    educated = models.BooleanField(_("教育到位"), default=False)
    ack_due_on = models.DateField(_("受理告知时限"), null=True, blank=True)
    acknowledged_on = models.DateField(_("受理告知日期"), null=True, blank=True)
    # Cross-check hits (大数据比对): the evidence, and the hit's key so a hit never makes two clues.
    evidence = models.JSONField(_("比对证据"), null=True, blank=True)
    hit_key = models.CharField(_("比对命中键"), max_length=200, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=1)  # optimistic lock: concurrent edits never overwrite
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("问题线索")
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["closed_on"]),
            models.Index(fields=["filed_on"]),
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["stage"]),
        ]

    def __str__(self) -> str:
        return self.clue_no

    @property
    def is_open(self) -> bool:
        return self.state != State.CLOSED

    @property
    def handler_display(self) -> str:
        """Unit and handler as one line, the unit once: a handler's name often starts with the unit
        (the user "审查调查室 李明" assigned by the unit "审查调查室")."""
        unit, name = self.handler_unit.strip(), self.handler_name.strip()
        if unit and name.startswith(unit):
            return name
        return " ".join(part for part in (unit, name) if part)


class Attachment(models.Model):
    """A file of a clue, kept in the default storage; seen by whoever may see the clue."""

    clue = models.ForeignKey(Clue, models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="clues/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("附件")


class SupervisionNotice(models.Model):
    """A 督办通知; each further notice on the same clue may raise the level."""

    class Level(models.IntegerChoices):
        ROUTINE = 1, _("一般督办")
        FOCUS = 2, _("重点督办")
        LISTED = 3, _("挂牌督办")

    clue = models.ForeignKey(Clue, models.CASCADE, related_name="notices")
    level = models.PositiveSmallIntegerField(_("督办级别"), choices=Level.choices, default=Level.ROUTINE)
    message = _text(_("督办要求"))
    reply_by = models.DateField(_("回复时限"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("督办通知")
