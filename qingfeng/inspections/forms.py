"""Forms of the 巡察整改 pages; each turns into keyword arguments of an action."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.clues.models import CATEGORIES
from qingfeng.inspections.models import TEXT_MAX, Round
from qingfeng.places.models import Department, Jurisdiction
from qingfeng.web.widgets import date_input


def _area(label, rows=3, required=True, max_length=TEXT_MAX):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class VillageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name if obj.parent_id else ''} {obj.name}".strip()


class RoundForm(forms.Form):
    """A new round has no version yet; editing one requires the version seen (`editing=True`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("轮次"), min_value=1, max_value=99)
    kind = forms.ChoiceField(label=_("巡察类型"), choices=Round.Kind.choices)
    title = forms.CharField(label=_("名称（可不填）"), max_length=100, required=False)
    started_on = forms.DateField(label=_("进驻日期"), widget=date_input())
    ended_on = forms.DateField(label=_("结束日期"), widget=date_input(), required=False)
    note = _area(_("备注"), 2, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing

    def payload(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TargetForm(forms.Form):
    village = VillageChoice(label=_("村（居）"), required=False, to_field_name="code",
                            queryset=Jurisdiction.objects.filter(level=Jurisdiction.Level.VILLAGE)
                            .select_related("parent").order_by("path"))
    department = forms.ModelChoiceField(label=_("或部门"), queryset=Department.objects.all(), required=False,
                                        to_field_name="code")
    unit_name = forms.CharField(label=_("或其他单位"), max_length=100, required=False)
    organisation = forms.CharField(label=_("被巡察党组织（可不填，如“××村党支部”）"), max_length=100, required=False)
    extended = forms.BooleanField(label=_("延伸巡察"), required=False)


class ProblemForm(forms.Form):
    target = forms.TypedChoiceField(label=_("被巡察对象"), coerce=int, choices=())
    description = _area(_("反馈问题"))
    immediate = forms.BooleanField(label=_("立行立改"), required=False)
    fed_back_on = forms.DateField(label=_("反馈日期"), widget=date_input())
    due_on = forms.DateField(label=_("整改时限"), widget=date_input())

    def __init__(self, targets, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t.id, str(t)) for t in targets]
        self.fields["fed_back_on"].initial = timezone.localdate()


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportForm(VersionForm):
    rectification = _area(_("整改情况"), 4)
    money_returned = forms.DecimalField(label=_("清退资金（元）"), min_value=0, max_digits=14, decimal_places=2,
                                        initial=0)
    reported_on = forms.DateField(label=_("报告日期（空则为今天）"), widget=date_input(), required=False)


class VerifyForm(VersionForm):
    accept = forms.TypedChoiceField(label=_("核实结论"), coerce=lambda v: v == "1", choices=[
        ("1", _("已整改到位")), ("0", _("未整改到位，退回重新整改"))])
    note = _area(_("核实意见（退回时必填）"), 2, required=False)
    rectification = _area(_("立行立改：当场整改情况（仅尚未报告时填写）"), 2, required=False)
    money_returned = forms.DecimalField(label=_("清退资金（元，仅尚未报告时填写）"), min_value=0, max_digits=14,
                                        decimal_places=2, required=False)


class TransferForm(VersionForm):
    category = forms.ChoiceField(label=_("问题类别"), required=False,
                                 choices=[("", _("— 请选择 —"))] + [(c, c) for c in CATEGORIES])
    subject = forms.CharField(label=_("被反映人（可不填）"), max_length=100, required=False)
    subject_post = forms.CharField(label=_("被反映人单位及职务（空则为被巡察党组织）"), max_length=200, required=False)
    summary = _area(_("主要问题（空则为反馈问题原文）"), 3, required=False, max_length=5000)


class _UnitForm(forms.Form):
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.all(), required=False,
                                        to_field_name="code")
    unit_name = forms.CharField(label=_("或其他单位"), max_length=100, required=False)


class SuggestionForm(_UnitForm):
    text = _area(_("意见建议"), 2)
    made_on = forms.DateField(label=_("提出日期"), widget=date_input())


class RuleForm(_UnitForm):
    title = forms.CharField(label=_("制度名称"), max_length=200)
    established_on = forms.DateField(label=_("建立日期"), widget=date_input())
