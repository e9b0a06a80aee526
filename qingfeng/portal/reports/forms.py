"""The forms of /report/ and /follow/: labels above fields, limits as the API's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qingfeng.clues.models import CATEGORIES, SUMMARY_MAX_LENGTH
from qingfeng.places.models import Jurisdiction
from qingfeng.portal.models import MESSAGE_MAX_LENGTH
from qingfeng.portal.reports import uploads

L = Jurisdiction.Level


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ReportForm(forms.Form):
    township = forms.ChoiceField(label=_("问题发生在哪个乡镇"), required=False)
    village = forms.ChoiceField(label=_("哪个村"), required=False)
    subject = forms.CharField(label=_("被反映人"), max_length=100, required=False,
                              help_text=_("姓名或称呼，不清楚可不填。"))
    subject_post = forms.CharField(label=_("被反映人的单位和职务"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("问题类别"), required=False,
                                 choices=[("", _("不清楚"))] + [(c, c) for c in CATEGORIES])
    summary = forms.CharField(label=_("反映的问题"), max_length=SUMMARY_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 8}), help_text=_("什么时间、什么地点、谁、做了什么，涉及多少钱。最多 5000 字。"))
    anonymous = forms.TypedChoiceField(
        label=_("是否留名"), coerce=lambda v: v == "1", initial="0", widget=forms.RadioSelect,
        choices=[("0", _("实名举报（我们会告知您已受理，您的身份严格保密）")), ("1", _("匿名举报"))])
    name = forms.CharField(label=_("您的姓名"), max_length=60, required=False)
    contact = forms.CharField(label=_("联系电话或地址"), max_length=200, required=False)
    attachments = MultipleFileField(
        label=_("照片或材料"), required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
        help_text=_("可选，最多 %(count)s 个图片或 PDF 文件，每个不超过 %(mb)s MB。") % {
            "count": uploads.MAX_FILES, "mb": uploads.MAX_BYTES // (1024 * 1024)})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        places = Jurisdiction.objects.order_by("path")
        self.fields["township"].choices = [("", "—")] + list(
            places.filter(level=L.TOWNSHIP).values_list("code", "name"))
        self.village_options = list(places.filter(level=L.VILLAGE).values_list("code", "name", "parent__code"))
        # Every village is valid; only the chosen township's are offered (village-picker.js swaps them).
        self.fields["village"].choices = [("", "—")] + [(c, n) for c, n, _t in self.village_options]
        chosen = self.data.get("township") if self.is_bound else self.initial.get("township")
        self.fields["village"].widget.choices = [("", "—")] + [
            (code, name) for code, name, township in self.village_options if chosen and township == chosen]


class ReceiptForm(forms.Form):
    receipt = forms.CharField(label=_("受理编号"), max_length=40,
                              help_text=_("举报成功时显示的 16 位数字。"),
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class MessageForm(ReceiptForm):
    receipt = forms.CharField(max_length=40, widget=forms.HiddenInput)
    text = forms.CharField(label=_("补充情况或留言"), max_length=MESSAGE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))
