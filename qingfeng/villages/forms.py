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


VERSION_MISSING = _("页面已过期或不完整，请刷新后再保存。")


class VersionOnTop:
    """A missing or bad hidden version is told at the top of the form (a hidden field has no place)."""

    def clean(self):
        cleaned = super().clean()
        if self._errors.pop("version", None):
            self.add_error(None, VERSION_MISSING)
        return cleaned


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


class CorrectForm(VersionOnTop, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": VERSION_MISSING})
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    text = _text(_("更正后的内容"))
    note = forms.CharField(label=_("更正说明（公开显示）"), max_length=200, required=False)
    keep_attachments = forms.BooleanField(label=_("保留原有附件"), required=False, initial=True)
    attachments = MultipleFileField(label=ATTACHMENTS_LABEL, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=60)


class ItemChangeForm(VersionOnTop, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": VERSION_MISSING})
    title = forms.CharField(label=_("事项名称"), max_length=60)
    retired = forms.BooleanField(label=_("自本月起停用"), required=False)


class MeetingForm(VersionOnTop, forms.Form):
    """The monthly meeting; the entries signed off come as `vouchers` checkboxes (the books'
    entries listed on the page) and `typed_vouchers` (numbers typed by hand)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                 error_messages={"required": VERSION_MISSING})
    held_on = forms.DateField(label=_("会议日期"), widget=forms.DateInput(attrs={"type": "date"}))
    attendees = forms.CharField(label=_("参加人员（姓名之间用顿号或空格分开）"), max_length=500)
    topics = forms.CharField(label=_("群众反映的问题"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 5}))
    decisions = forms.CharField(label=_("会议决定"), max_length=MAX_TEXT, required=False,
                                widget=forms.Textarea(attrs={"rows": 5}))
    typed_vouchers = forms.CharField(label=_("其他审核的凭证号（每行一个，按本村账簿核对）"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("更正说明（已公开的月例会修改后作为更正重新公开）"), max_length=200, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing  # a change: the version the member saw

    def payload(self, vouchers: list[str]) -> dict:
        from qingfeng.villages.meetings import parse_vouchers

        data = self.cleaned_data
        return {"held_on": data["held_on"], "attendees": data["attendees"], "topics": data["topics"],
                "decisions": data["decisions"], "vouchers": parse_vouchers(*vouchers, data["typed_vouchers"])}


class BooksFilterForm(forms.Form):
    month = forms.ChoiceField(label=_("月份"), required=False)
    direction = forms.ChoiceField(label=_("收支"), required=False,
                                  choices=[("", _("全部")), ("收入", _("收入")), ("支出", _("支出"))])

    def __init__(self, months, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [("", _("全部"))] + [(m, m) for m in months]
