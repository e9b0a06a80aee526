"""The staff menu entries of the area work and the departments' returns, by role."""

from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role
from qingfeng.collaboration import access as collab_access
from qingfeng.staff.menu import Entry


def staff_entries(user) -> list[Entry]:
    if not access.is_staff(user):
        return []
    entries = []
    if user.role in collab_access.OVERVIEW_READERS:
        entries.append(Entry(reverse("collaboration:overview"), _("片区协作"),
                             _("各片区专班、例会、讲评和问题清单对比")))
    elif collab_access.reads_areas(user):
        area = collab_access.own_area(user)
        if area is not None:
            entries.append(Entry(reverse("collaboration:area", args=[area.code]), _("片区协作"),
                                 _("%(area)s 工作专班、月例会、季度讲评、问题清单") % {"area": area.name}))
    if user.role in collab_access.TRANSFER_OVERSEERS:
        entries.append(Entry(reverse("collaboration:transfers"), _("部门移送汇总"),
                             _("每月20日各行业部门移送线索汇总及未报送部门")))
    if user.role == Role.DEPARTMENT and user.department_id is not None:
        entries.append(Entry(reverse("collaboration:returns"), _("月度移送清单"),
                             _("每月20日前报送上月移送清单或零报告")))
        entries.append(Entry(reverse("collaboration:feedback"), _("移送线索办理情况"),
                             _("本部门移送线索的处置和办理结果")))
    if user.role in collab_access.JOINT_READERS:
        entries.append(Entry(reverse("collaboration:joint"), _("联席会议"), _("与成员单位的联席会议记录")))
    return entries
