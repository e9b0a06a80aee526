"""片区协作 ("1+1+1+N") and 联动联办: the area's standing team, meetings (area meetings and joint
meetings share one model), follow-ups, quarterly reviews, the N problems, and the departments'
monthly transfer returns."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qingfeng.places.models import Department, Jurisdiction

TEXT_MAX = 4000
TITLE_MAX = 200


def _text(verbose_name, max_length=TEXT_MAX, **kwargs) -> models.TextField:
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)],
                            blank=True, **kwargs)


class TeamRole(models.TextChoices):
    LEADER = "leader", _("片长")
    DEPUTY = "deputy", _("副片长")
    MEMBER = "member", _("成员")
    LIAISON = "liaison", _("联络员")


class TeamMember(models.Model):
    """A member of an area's standing team (一套工作专班)."""

    area = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="team_members", verbose_name=_("片区"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="area_teams",
                             verbose_name=_("成员"))
    team_role = models.CharField(_("专班职务"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    duty = models.CharField(_("分工"), max_length=TITLE_MAX, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["area", "team_role", "id"]
        verbose_name = _("专班成员")
        constraints = [models.UniqueConstraint(fields=["area", "user"], name="team_member_once_per_area")]


class Meeting(models.Model):
    """A meeting record: an area's monthly meeting (一月一次例会, `area` set) or a joint
    meeting with the member units (联席会议, `area` empty). One model, one form."""

    class Kind(models.TextChoices):
        AREA = "area", _("片区例会")
        JOINT = "joint", _("联席会议")

    kind = models.CharField(_("会议类型"), max_length=10, choices=Kind.choices)
    area = models.ForeignKey(Jurisdiction, models.PROTECT, null=True, blank=True, related_name="area_meetings",
                             verbose_name=_("片区"))
    held_on = models.DateField(_("召开日期"))
    title = models.CharField(_("会议名称"), max_length=TITLE_MAX)
    place = models.CharField(_("地点"), max_length=TITLE_MAX, blank=True)
    attendees = _text(_("出席人员（单位）"))
    absentees = _text(_("缺席人员及原因"))
    clues = models.ManyToManyField("clues.Clue", blank=True, related_name="+", verbose_name=_("研究的问题线索"))
    discussion = _text(_("研究事项"))
    decisions = _text(_("会议决定"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("会议记录")
        constraints = [models.CheckConstraint(
            condition=Q(kind="area", area__isnull=False) | Q(kind="joint", area__isnull=True),
            name="meeting_area_iff_area_kind")]
        indexes = [models.Index(fields=["kind", "held_on"])]


class FollowUp(models.Model):
    """A task a meeting decided: an owner, a deadline, done or not."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="follow_ups")
    task = models.CharField(_("跟进事项"), max_length=TITLE_MAX)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("责任人"))
    due_on = models.DateField(_("完成时限"))
    done = models.BooleanField(_("已完成"), default=False)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = _text(_("完成情况"), 1000)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["done", "due_on", "id"]
        verbose_name = _("跟进事项")


class Problem(models.Model):
    """One of the N problems an area takes on (问题清单), tracked to resolution."""

    class Status(models.TextChoices):
        OPEN = "open", _("推进中")
        RESOLVED = "resolved", _("已解决")

    area = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="area_problems", verbose_name=_("片区"))
    title = models.CharField(_("问题"), max_length=TITLE_MAX)
    description = _text(_("具体情况"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("责任人"))
    due_on = models.DateField(_("解决时限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = _text(_("解决情况"))
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    meeting = models.ForeignKey(Meeting, models.SET_NULL, null=True, blank=True, related_name="problems",
                                verbose_name=_("提出的例会"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "due_on", "id"]
        verbose_name = _("片区问题")


class Review(models.Model):
    """An area's quarterly review (一季一次讲评). Figures come from the ledger's indicators;
    a draft refreshes them, an issued review is frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    area = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="reviews", verbose_name=_("片区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    date_from = models.DateField(_("统计起日"))
    date_to = models.DateField(_("统计止日"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    overall_comment = _text(_("总体讲评"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("讲评人"))
    computed_at = models.DateTimeField(_("数据截至"))
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "-quarter", "area"]
        verbose_name = _("季度讲评")
        constraints = [models.UniqueConstraint(fields=["area", "year", "quarter"], name="review_once_per_quarter")]

    @property
    def issued(self) -> bool:
        return self.status == self.Status.ISSUED


class ReviewRow(models.Model):
    """One township of a review: its §2 indicators of the window and the reviewer's comment."""

    review = models.ForeignKey(Review, models.CASCADE, related_name="rows")
    township = models.ForeignKey(Jurisdiction, models.PROTECT, related_name="+", verbose_name=_("乡镇"))
    clues_received = models.PositiveIntegerField(_("受理问题线索"), default=0)
    petitions_received = models.PositiveIntegerField(_("受理信访举报"), default=0)
    petitions_closed = models.PositiveIntegerField(_("信访举报已办结"), default=0)
    overdue_open = models.PositiveIntegerField(_("超期未办结线索"), default=0)
    cases_filed = models.PositiveIntegerField(_("立案数"), default=0)
    comment = _text(_("讲评意见"), 2000)

    class Meta:
        ordering = ["township__path"]
        constraints = [models.UniqueConstraint(fields=["review", "township"], name="review_row_once")]

    @property
    def close_rate(self):
        """信访举报办结率 in percent, one decimal; None without petitions."""
        from qingfeng.collaboration.scores import close_rate

        return close_rate(self.petitions_closed, self.petitions_received)


class MonthlyReturn(models.Model):
    """A department's monthly transfer return (月度移送清单): the clues it transferred in
    `month`, confirmed, or an explicit nil return (零报告). Due on the 20th of the next month."""

    class Kind(models.TextChoices):
        LIST = "list", _("移送清单")
        NIL = "nil", _("零报告")

    department = models.ForeignKey(Department, models.PROTECT, related_name="monthly_returns",
                                   verbose_name=_("部门"))
    month = models.DateField(_("月份"))  # the first day of the month it reports on
    kind = models.CharField(_("报送类型"), max_length=10, choices=Kind.choices)
    clues = models.ManyToManyField("clues.Clue", blank=True, related_name="+", verbose_name=_("移送线索"))
    clue_count = models.PositiveIntegerField(_("移送线索数"), default=0)
    note = _text(_("说明"), 1000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                     verbose_name=_("报送人"))
    submitted_at = models.DateTimeField(_("报送时间"))
    first_submitted_at = models.DateTimeField(_("首次报送时间"))
    late = models.BooleanField(_("逾期报送"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-month", "department"]
        verbose_name = _("月度移送清单")
        constraints = [models.UniqueConstraint(fields=["department", "month"], name="return_once_per_month")]
