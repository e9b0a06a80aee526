from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.villages.models import MAX_TEXT, RequiredItem
from qingfeng.villages.months import parse_month


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; the action checks their content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _text(label):
    return forms.CharField(label=label, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 8}))


ATTACHMENTS_LABEL = _("附件（图片或 PDF，可多选，每个不超过 10 MB）")


class PublishForm(forms.Form):
    month = forms.ChoiceField(label=_("月份"))
    item = forms.ChoiceField(label=_("事项"))
    title = forms.CharField(label=_("自定事项的标题（选“本村自定事项”时填写）"), max_length=100, required=False)
    text = _text(_("公开内容"))
    attachments = MultipleFileField(label=ATTACHMENTS_LABEL, required=False)

    def __init__(self, months, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(f"{m:%Y-%m}", f"{m:%Y-%m}") for m in months]
        items = RequiredItem.objects.filter(retired_from__isnull=True)
        self.fields["item"].choices = [(str(i.id), i.title) for i in items] + [("x", _("本村自定事项（X）"))]

    def clean_month(self):
        return parse_month(self.cleaned_data["month"])

    def payload(self) -> dict:
        data = self.cleaned_data
        item = None if data["item"] == "x" else RequiredItem.objects.get(id=int(data["item"]))
        return {"month": data["month"], "item": item, "title": data["title"], "text": data["text"],
                "attachments": data["attachments"]}


class CorrectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    text = _text(_("更正后的内容"))
    note = forms.CharField(label=_("更正说明（公开显示）"), max_length=200, required=False)
    keep_attachments = forms.BooleanField(label=_("保留原有附件"), required=False, initial=True)
    attachments = MultipleFileField(label=ATTACHMENTS_LABEL, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=60)


class ItemChangeForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("事项名称"), max_length=60)
    retired = forms.BooleanField(label=_("自本月起停用"), required=False)
