"""Forms of the case and outcome pages; each turns into keyword arguments of an action."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.cases import counts
from qingfeng.cases import measures as m
from qingfeng.cases.models import Measure
from qingfeng.clues.forms import VersionForm
from qingfeng.clues.models import TEXT_MAX_LENGTH
from qingfeng.places.models import Household
from qingfeng.web.widgets import date_input

MONEY = {"min_value": 0, "max_digits": 14, "decimal_places": 2}
KINDS = [("", "—"), *m.Kind.choices]


def _reason(required: bool):
    return forms.CharField(label=_("更正理由"), max_length=TEXT_MAX_LENGTH, required=required,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FileCaseForm(VersionForm):
    filed_on = forms.DateField(label=_("立案日期"), widget=date_input())


class AdvanceCaseForm(VersionForm):
    stage = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("日期"), widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class InvestigatedForm(VersionForm):
    name = forms.CharField(label=_("姓名"), max_length=40)
    post = forms.CharField(label=_("单位及职务"), max_length=200, required=False)
    rank = forms.ChoiceField(label=_("职级"), choices=[("", "—"), *m.Rank.choices], required=False)
    party_member = forms.BooleanField(label=_("中共党员"), required=False)


class MeasureSelect(forms.Select):
    """The measures grouped by kind; each option says its kind (measure-picker.js shows only those
    of the chosen kind; without JavaScript the groups are labelled)."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        for (_group, options, _index), kind in zip(groups, ["", *m.MEASURES]):
            for option in options:
                option["attrs"]["data-kind"] = kind
        return groups


class MeasureForm(VersionForm):
    name = forms.CharField(label=_("姓名"), max_length=40)
    post = forms.CharField(label=_("单位及职务"), max_length=200, required=False)
    rank = forms.ChoiceField(label=_("职级"), choices=[("", "—"), *m.Rank.choices], required=False)
    party_member = forms.ChoiceField(label=_("政治面貌"), required=False, choices=[
        ("", "—"), (m.PARTY_MEMBER, _("中共党员")), (m.NON_MEMBER, _("非中共党员"))])
    kind = forms.ChoiceField(label=_("处理类别"), choices=KINDS)
    measure = forms.ChoiceField(label=_("处理种类"), widget=MeasureSelect, choices=[("", "—")] + [
        (m.Kind(kind).label, [(name, name) for name in names]) for kind, names in m.MEASURES.items()])
    probation_months = forms.TypedChoiceField(
        label=_("留党察看期（仅留党察看）"), coerce=int, required=False, empty_value=None,
        choices=[("", "—"), (12, _("12个月")), (24, _("24个月"))])
    decided_on = forms.DateField(label=_("决定日期"), widget=date_input())
    recovered = forms.DecimalField(label=_("追缴金额（元）"), initial=0, **MONEY)
    returned = forms.DecimalField(label=_("退还群众金额（元）"), initial=0, **MONEY)

    def __init__(self, *args, correction: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correction:  # the clue is closed: a change is a correction, with its reason
            self.fields["reason"] = _reason(required=True)

    @classmethod
    def of(cls, item: Measure, **kwargs):
        initial = {name: getattr(item, name) for name in cls.base_fields if name != "version"}
        return cls(initial=initial | {"version": item.version}, **kwargs)

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "reason")}


class RemoveForm(VersionForm):
    reason = _reason(required=False)


class RefundForm(VersionForm):
    household = forms.ModelChoiceField(label=_("建档立卡户"), queryset=Household.objects.none(), required=False,
                                       empty_label=_("— 非建档立卡户，填写退还对象 —"))
    payee = forms.CharField(label=_("退还对象（非建档立卡户时填写）"), max_length=60, required=False)
    amount = forms.DecimalField(label=_("退还金额（元）"), **MONEY)
    returned_on = forms.DateField(label=_("退还日期"), required=False, widget=date_input())

    def __init__(self, households, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        household = data["household"]
        return {"household_id": household.id if household else None, "payee": data["payee"],
                "amount": data["amount"], "returned_on": data["returned_on"]}


class CorrectionForm(VersionForm):
    result = forms.CharField(label=_("办理结果"), max_length=TEXT_MAX_LENGTH, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    case_filed = forms.BooleanField(label=_("是否立案"), required=False)
    filed_on = forms.DateField(label=_("立案日期"), required=False, widget=date_input())
    persons_sanctioned = forms.IntegerField(label=_("党纪政务处分人数"), min_value=0)
    org_handled = forms.IntegerField(label=_("组织处理人数"), min_value=0)
    first_form = forms.IntegerField(label=_("第一种形态人数"), min_value=0)
    judicial = forms.IntegerField(label=_("移送司法人数"), min_value=0)
    recovered = forms.DecimalField(label=_("追缴金额（元）"), **MONEY)
    returned = forms.DecimalField(label=_("退还群众金额（元）"), **MONEY)
    reason = _reason(required=True)

    def __init__(self, clue, *args, has_persons: bool, has_case: bool, **kwargs):
        initial = {name: getattr(clue, name) for name in ("result", "case_filed", "filed_on", *counts.FIELDS)}
        super().__init__(*args, initial=initial | {"version": clue.version}, **kwargs)
        # With persons handled the counts follow from them; with a case it stays filed on its day.
        locked = list(counts.FIELDS) * has_persons + ["case_filed", "filed_on"] * has_case
        for name in locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("由处理人员得出") if name in counts.FIELDS else _("以案件为准")

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()
                if name not in ("version", "reason") and not self.fields[name].disabled}
