"""Forms of the report-box and market-day pages; each turns into keyword arguments of an action."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.boxes.models import TEXT_MAX
from qingfeng.clues.models import CATEGORIES, SUMMARY_MAX_LENGTH
from qingfeng.places.models import Jurisdiction
from qingfeng.web.widgets import date_input

L = Jurisdiction.Level


class PlaceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.level == L.TOWNSHIP else f"{obj.parent.name} {obj.name}"


VERSION_MISSING = _("页面已过期或不完整，请刷新后再保存。")


class VersionOnTop:
    """A missing or bad hidden version is told at the top of the form (a hidden field has no place)."""

    def clean(self):
        cleaned = super().clean()
        if self._errors.pop("version", None):
            self.add_error(None, VERSION_MISSING)
        return cleaned


class BoxForm(VersionOnTop, forms.Form):
    """A new box, or (`editing`) a change of one: then the version the user saw is required,
    so a post without it is refused rather than overwriting a change made meanwhile."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                 error_messages={"required": VERSION_MISSING})
    number = forms.CharField(label=_("编号"), max_length=30)
    place = PlaceChoice(label=_("所在乡镇（村）"), to_field_name="code", queryset=Jurisdiction.objects.filter(
        level__in=[L.TOWNSHIP, L.VILLAGE]).select_related("parent").order_by("path"))
    location = forms.CharField(label=_("悬挂位置"), max_length=100)
    key_holder = forms.CharField(label=_("钥匙保管人"), max_length=60)
    installed_on = forms.DateField(label=_("悬挂日期"), required=False, widget=date_input())
    active = forms.BooleanField(label=_("在用"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing

    def payload(self, *, editing: bool) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if not editing:
            data.pop("active")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("举报箱台账（.xlsx 或 .csv）"))


class WitnessChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class OpeningForm(forms.Form):
    opened_on = forms.DateField(label=_("开箱日期"), widget=date_input())
    witness_1 = WitnessChoice(label=_("开箱人"), queryset=None, required=False)
    witness_2 = WitnessChoice(label=_("见证人"), queryset=None, required=False)
    note = forms.CharField(label=_("备注"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, witnesses, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()
        for name in ("witness_1", "witness_2"):
            self.fields[name].queryset = witnesses


class ItemForm(forms.Form):
    summary = forms.CharField(label=_("主要问题"), max_length=SUMMARY_MAX_LENGTH, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    subject = forms.CharField(label=_("被反映人"), max_length=100, required=False)
    subject_post = forms.CharField(label=_("被反映人单位及职务"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("问题类别"), required=False,
                                 choices=[("", _("— 请选择 —"))] + [(c, c) for c in CATEGORIES])
    reporter_name = forms.CharField(label=_("反映人（空或“匿名”为匿名）"), max_length=60, required=False)
    reporter_contact = forms.CharField(label=_("反映人联系方式"), max_length=200, required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=0, max_num=50, absolute_max=50)


def filled_items(formset) -> list[dict]:
    """The item rows with anything written in them (an untouched row is no item)."""
    return [form.cleaned_data for form in formset.forms if any((form.cleaned_data or {}).values())]


class PointForm(forms.Form):
    township = forms.ModelChoiceField(label=_("乡镇"), to_field_name="code",
                                      queryset=Jurisdiction.objects.filter(level=L.TOWNSHIP).order_by("path"))
    name = forms.CharField(label=_("集市名称"), max_length=60)


class MarketDayForm(forms.Form):
    day = forms.DateField(label=_("赶集日"), widget=date_input())
