"""The 问责 form and the list's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.accounts import access
from qingfeng.cases.measures import ACCOUNTABILITY_MEASURES, Responsibility, TargetType
from qingfeng.cases.models import Accountability
from qingfeng.places.models import Department, Jurisdiction
from qingfeng.web.widgets import date_input

L = Jurisdiction.Level
_field = Accountability._meta.get_field


def measure_choices():
    """Grouped by target type; 通报 is in both groups (the action checks it fits the type)."""
    return [("", "—")] + [(str(TargetType(t).label), [(m, m) for m in ms]) for t, ms in ACCOUNTABILITY_MEASURES.items()]


class AccountabilityForm(forms.Form):
    decided_on = forms.DateField(label=_("决定日期"), widget=date_input())
    # No defaults: a preselected type or responsibility ends up on records nobody classified.
    target_type = forms.ChoiceField(label=_("问责对象类型"), choices=[("", "—")] + TargetType.choices)
    target = forms.CharField(label=_("问责对象（党组织名称或领导干部姓名）"), max_length=_field("target").max_length)
    post = forms.CharField(label=_("单位及职务"), max_length=_field("post").max_length, required=False)
    township = forms.ModelChoiceField(label=_("所属乡镇"), queryset=Jurisdiction.objects.none(), required=False,
                                      to_field_name="code", empty_label="—")
    department = forms.ModelChoiceField(label=_("所属部门（县直部门，不选乡镇时填写）"), required=False,
                                        queryset=Department.objects.all(), to_field_name="code", empty_label="—")
    principal = forms.BooleanField(label=_("是否主要负责人（仅领导干部）"), required=False)
    responsibility = forms.ChoiceField(label=_("责任类型"), choices=[("", "—")] + Responsibility.choices)
    measure = forms.ChoiceField(label=_("问责方式"))
    reason = forms.CharField(label=_("问责事由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=_field("reason").max_length)
    clue_no = forms.CharField(label=_("关联线索编号（可不填）"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["measure"].choices = measure_choices()
        self.fields["township"].queryset = access.visible_jurisdictions(user).filter(level=L.TOWNSHIP)
        if user.jurisdiction.level != L.COUNTY:  # county departments are the county's, out of a 片区's scope
            del self.fields["department"]

    @classmethod
    def of(cls, user, item: Accountability) -> "AccountabilityForm":
        return cls(user, initial={
            "decided_on": item.decided_on, "target_type": item.target_type, "target": item.target, "post": item.post,
            "township": item.township.code if item.township else None,
            "department": item.department.code if item.department else None, "principal": item.principal,
            "responsibility": item.responsibility, "measure": item.measure, "reason": item.reason,
            "clue_no": item.clue.clue_no if item.clue else "", "version": item.version})

    def values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data.setdefault("department", None)
        return data
