"""Staff accounts: each user has one role and one jurisdiction."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core.text import refuse_control_characters
from qingfeng.places.models import Department, Jurisdiction


class Role(models.TextChoices):
    INTAKE = "intake", _("信访室")
    AREA_LEADER = "area_leader", _("片区负责人")
    CASE_HANDLER = "case_handler", _("审查调查人员")
    TOWNSHIP = "township", _("乡镇纪委")
    DEPARTMENT = "department", _("部门联络员")
    VILLAGE = "village", _("村务监督委员会")
    LEADERSHIP = "leadership", _("县纪委领导")
    ADMIN = "admin", _("系统管理员")


# The jurisdiction level each role is given (see shared/design.md "Who uses it").
ROLE_LEVEL = {
    Role.INTAKE: Jurisdiction.Level.COUNTY,
    Role.AREA_LEADER: Jurisdiction.Level.AREA,
    Role.CASE_HANDLER: Jurisdiction.Level.AREA,
    Role.TOWNSHIP: Jurisdiction.Level.TOWNSHIP,
    Role.DEPARTMENT: Jurisdiction.Level.COUNTY,
    Role.VILLAGE: Jurisdiction.Level.VILLAGE,
    Role.LEADERSHIP: Jurisdiction.Level.COUNTY,
    Role.ADMIN: Jurisdiction.Level.COUNTY,
}


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=40, blank=True, validators=[refuse_control_characters])
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, models.PROTECT, null=True, related_name="staff", verbose_name=_("辖区")
    )
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("部门")
    )

    def __str__(self) -> str:
        return self.full_name or self.username


class LoginAttempt(models.Model):
    """One failed password login; the throttle counts these per (username, IP) and per IP."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip", "at"], name="loginattempt_ip_at")]


class EnrolmentCode(models.Model):
    """A single-use code an administrator gives a user to bind a 2FA device (accounts/enrolment.py).

    Only its hash is stored; issuing a new one ends the earlier ones.
    """

    user = models.ForeignKey(User, models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
