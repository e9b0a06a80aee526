"""Audited 问责 decisions: record one, change one (ledger.md §5).

The checks (`_checked`) are the contract's: the measure must be one the target type
has (党组织: 检查, 通报, 改组; 领导干部: 通报, 诫勉, 组织调整或者组织处理, 纪律处分);
是否主要负责人 applies to a 领导干部 only; a decision belongs to a township or, when it
has none, to a county department — never both, never neither; a linked clue is named
by its 线索编号 and must be one the acting user can see.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.audit.trail import record, save_and_record, snapshot
from qingfeng.cases import numbers
from qingfeng.cases.accountability.access import access_accountability_by_id, can_record, can_record_for
from qingfeng.cases.measures import ACCOUNTABILITY_MEASURES, Responsibility, TargetType
from qingfeng.cases.models import Accountability
from qingfeng.clues.access import visible_clues
from qingfeng.clues.validation import EARLIEST
from qingfeng.core.text import forbidden_character
from qingfeng.core.versioning import Conflict, check_version
from qingfeng.places.models import Jurisdiction

__all__ = ["Conflict", "do_change_accountability", "do_create_accountability"]

AUDITED = ("no", "decided_on", "target_type", "target", "post", "township_id", "department_id", "owner_id",
           "principal", "responsibility", "measure", "reason", "clue_id")
EDITABLE = ("decided_on", "target_type", "target", "post", "township_id", "department_id", "owner_id",
            "principal", "responsibility", "measure", "reason", "clue_id")
_field = Accountability._meta.get_field


def _line_error(name: str, value: str, *, required: bool = False) -> str | None:
    label, limit = _field(name).verbose_name, _field(name).max_length
    if required and not value:
        return _("%(field)s不能为空。") % {"field": label}
    if len(value) > limit or forbidden_character(value):
        return _("%(field)s最多 %(max)s 个字，且不能含有控制字符。") % {"field": label, "max": limit}
    return None


def _checked(user, values: dict, today: date) -> dict:
    """The model values of a decision, or ValidationError naming each bad field."""
    errors = {}
    decided_on = values.get("decided_on")
    if not isinstance(decided_on, date):
        errors["decided_on"] = _("请填写决定日期。")
    elif not EARLIEST <= decided_on <= today:
        errors["decided_on"] = _("决定日期应在 %(earliest)s 至今天之间。") % {"earliest": EARLIEST.isoformat()}
    target_type = values.get("target_type")
    if target_type not in TargetType.values:
        errors["target_type"] = _("请选择问责对象类型（党组织或领导干部）。")
    target, post = (values.get("target") or "").strip(), (values.get("post") or "").strip()
    for name, value, required in (("target", target, True), ("post", post, False)):
        if message := _line_error(name, value, required=required):
            errors[name] = message
    measure = values.get("measure") or ""
    allowed = ACCOUNTABILITY_MEASURES.get(target_type, ())
    if target_type in TargetType.values and measure not in allowed:
        errors["measure"] = _("问责方式与问责对象类型不符：%(type)s可用 %(measures)s。") % {
            "type": TargetType(target_type).label, "measures": "、".join(allowed)}
    principal = bool(values.get("principal"))
    if principal and target_type != TargetType.LEADER:
        errors["principal"] = _("只有领导干部才能标为主要负责人。")
    if values.get("responsibility") not in Responsibility.values:
        errors["responsibility"] = _("请选择责任类型。")
    reason = values.get("reason") or ""
    if len(reason) > _field("reason").max_length or forbidden_character(reason, multiline=True):
        errors["reason"] = _("问责事由最多 %(max)s 个字，且不能含有控制字符。") % {"max": _field("reason").max_length}
    township, department = values.get("township"), values.get("department")
    if township is not None and township.level != Jurisdiction.Level.TOWNSHIP:
        errors["township"] = _("所属乡镇应为乡镇。")
    elif (township is None) == (department is None):
        errors["township"] = _("请选择所属乡镇；县直部门的不选乡镇，选择所属部门。")
    owner = township or Jurisdiction.objects.get(level=Jurisdiction.Level.COUNTY)
    if "township" not in errors and not can_record_for(user, owner):
        errors["township"] = _("不在您的辖区内。") if township else _("县直部门的问责由县纪委领导录入。")
    clue = None
    if clue_no := (values.get("clue_no") or "").strip():
        clue = visible_clues(user).select_related(None).filter(clue_no=clue_no).first()
        if clue is None:
            errors["clue_no"] = _("找不到线索 %(no)s（或无权查看）。") % {"no": clue_no[:40]}
    if errors:
        raise ValidationError(errors)
    return {"decided_on": decided_on, "target_type": target_type, "target": target, "post": post,
            "township_id": township.id if township else None, "department_id": department.id if department else None,
            "owner_id": owner.id, "principal": principal, "responsibility": values["responsibility"],
            "measure": measure, "reason": reason, "clue_id": clue.id if clue else None}


def do_create_accountability(*, acting_user, today: date | None = None, **values) -> Accountability:
    """Record a decision: decided_on, target_type, target, post, township or department,
    principal, responsibility, measure, reason, clue_no (optional). Numbered WZ<year>NNNN."""
    if not can_record(acting_user):
        raise PermissionDenied
    fields = _checked(acting_user, values, today or timezone.localdate())
    with transaction.atomic():
        item = Accountability.objects.create(no=numbers.next_accountability_no(fields["decided_on"].year),
                                             created_by=acting_user, **fields)
        record(acting_user, "accountability.create", item, after=snapshot(item, AUDITED))
    return item


def do_change_accountability(accountability_id: int, *, acting_user, expected_version: int,
                             today: date | None = None, **values) -> Accountability:
    """Change a decision in the user's scope (404 outside it); its number stays."""
    if not can_record(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        item = check_version(access_accountability_by_id(acting_user, accountability_id, for_update=True),
                             expected_version)
        fields = _checked(acting_user, values, today or timezone.localdate())
        save_and_record(acting_user, "accountability.change", item, fields)
    return item
