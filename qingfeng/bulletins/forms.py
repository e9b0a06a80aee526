"""The bulletin's staff forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.bulletins.models import TEXT_MAX_LENGTH, NameShown
from qingfeng.core.text import forbidden_character, refuse_control_characters
from qingfeng.reports.periodic import periods


def _refuse_in_multiline(value: str) -> None:
    if forbidden_character(value or "", multiline=True):
        raise forms.ValidationError(_("不能含有控制字符。"))


class MonthForm(forms.Form):
    month = forms.CharField(label=_("通报月份"), max_length=7, help_text=_("如 2018-06"))

    def clean_month(self):
        try:
            start = periods.parse(self.cleaned_data["month"], "month").start
        except ValueError:
            raise forms.ValidationError(_("请按 2018-06 的格式填写月份。")) from None
        return start.year, start.month


def _text_field(label, required=False, rows=4, max_length=TEXT_MAX_LENGTH):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    check = _refuse_in_multiline if rows else refuse_control_characters
    return forms.CharField(label=label, required=required, max_length=max_length, widget=widget, strip=bool(not rows),
                           validators=[check])


class BulletinForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = _text_field(_("标题"), required=True, rows=0, max_length=200)
    addressee = _text_field(_("主送机关"), rows=0, max_length=200)
    preface = _text_field(_("导语"))
    closing = _text_field(_("结语"))


class ItemForm(forms.Form):
    included = forms.BooleanField(label=_("列为典型案例"), required=False)
    position = forms.IntegerField(label=_("顺序"), min_value=0, max_value=999)
    post = _text_field(_("单位及职务"), rows=0, max_length=200)
    facts = _text_field(_("主要问题"))
    measure_text = _text_field(_("处理结果"), required=True, rows=0, max_length=200)


class IssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"name_shown_{item.id}"] = forms.ChoiceField(
                label=item.name, choices=NameShown.choices, widget=forms.RadioSelect)  # no default: a choice

    def name_shown(self) -> dict[int, str]:
        return {item.id: self.cleaned_data[f"name_shown_{item.id}"] for item in self.items}

    def rows(self):
        return [(item, self[f"name_shown_{item.id}"]) for item in self.items]
