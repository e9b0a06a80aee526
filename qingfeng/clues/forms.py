"""Forms of the clue pages; each turns into keyword arguments of an action."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.accounts import access
from qingfeng.accounts.models import Role, User
from qingfeng.cases.campaigns.access import can_tag
from qingfeng.cases.models import Campaign
from qingfeng.clues import validation
from qingfeng.clues.models import (
    CATEGORIES,
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Channel,
    Disposal,
    Source,
    SupervisionNotice,
)
from qingfeng.places.models import Jurisdiction, MarketDay
from qingfeng.web.widgets import date_input

L = Jurisdiction.Level
MARKET_DAYS_OFFERED = 60


def _text(label, rows, max_length=TEXT_MAX_LENGTH, **kwargs):
    return forms.CharField(label=label, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class IntakeForm(forms.Form):
    received_on = forms.DateField(label=_("受理日期"), widget=date_input())
    source = forms.ChoiceField(label=_("线索来源"), choices=Source.choices, initial=Source.PETITION)
    channel = forms.ChoiceField(label=_("反映方式"), choices=[("", "—")] + Channel.choices, required=False)
    # 赶集日举报点: offered for the market days of the last MARKET_DAYS_OFFERED days (来访 only).
    market_day = forms.ModelChoiceField(label=_("赶集日举报点（来访时可选）"), queryset=MarketDay.objects.none(),
                                        required=False, empty_label="—")
    reporter_name = forms.CharField(label=_("反映人（空或“匿名”为匿名）"), max_length=60, required=False)
    reporter_contact = forms.CharField(label=_("反映人联系方式"), max_length=200, required=False)
    subject = forms.CharField(label=_("被反映人"), max_length=100, required=False)
    subject_post = forms.CharField(label=_("被反映人单位及职务"), max_length=200, required=False)
    township = forms.ModelChoiceField(label=_("所属乡镇"), queryset=Jurisdiction.objects.none(), required=False,
                                      to_field_name="code")
    village = forms.ModelChoiceField(label=_("所属村"), queryset=Jurisdiction.objects.none(), required=False,
                                     to_field_name="code")
    owner = forms.ModelChoiceField(label=_("承办辖区（默认为所属乡镇）"), queryset=Jurisdiction.objects.none(),
                                   required=False, to_field_name="code")
    # No default: a silently preselected 虚报冒领 ended up on clues nobody classified.
    category = forms.ChoiceField(label=_("问题类别"), choices=[("", _("— 请选择 —"))] + [(c, c) for c in CATEGORIES])
    summary = _text(_("主要问题"), 4, SUMMARY_MAX_LENGTH)
    amount_involved = forms.DecimalField(label=_("涉及金额（元）"), max_digits=14, decimal_places=2, required=False,
                                         min_value=0)
    note = _text(_("备注"), 2, required=False)
    campaign = forms.ModelChoiceField(label=_("专项治理主题（可不选）"), queryset=Campaign.objects.none(), required=False,
                                      empty_label="—")
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        places = Jurisdiction.objects.all()  # a registrar may file a clue for any place of the county
        self.fields["township"].queryset = places.filter(level=L.TOWNSHIP)
        # Any village is accepted (the action names one outside the township), but only the
        # chosen township's villages are offered; the page's script swaps them on a change.
        self.fields["village"].queryset = places.filter(level=L.VILLAGE)
        self.village_options = list(places.filter(level=L.VILLAGE).values_list("code", "name", "parent__code"))
        chosen = self.data.get("township") if self.is_bound else self.initial.get("township")
        self.fields["village"].widget.choices = [("", "—")] + [
            (code, name) for code, name, township in self.village_options if chosen and township == chosen]
        self.fields["owner"].queryset = access.visible_jurisdictions(user).exclude(level=L.VILLAGE)
        since = timezone.localdate() - timedelta(days=MARKET_DAYS_OFFERED)
        self.fields["market_day"].queryset = MarketDay.objects.filter(day__gte=since).select_related(
            "point", "point__township")
        picked = self.fields["market_day"].queryset.filter(id=self.initial.get("market_day") or 0).first()
        if picked is not None:  # coming from a market day's page: received that day, by visit
            self.fields["received_on"].initial = picked.day
        if user.role == Role.DEPARTMENT:
            del self.fields["source"], self.fields["channel"], self.fields["owner"], self.fields["market_day"]
        if can_tag(user):
            self.fields["campaign"].queryset = Campaign.objects.all()
        else:
            del self.fields["campaign"]

    def clean(self):
        cleaned = super().clean()
        # The checks every way in shares (control characters, limits, dates): shown on the form's fields.
        for name, message in validation.clue_errors(cleaned).items():
            if name in self.fields:
                self.add_error(name, message)
        return cleaned

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("attachment", None)
        data.setdefault("source", Source.DEPARTMENT)
        return data


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def payload(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ProposeForm(VersionForm):
    disposal = forms.ChoiceField(label=_("处置方式"), choices=Disposal.choices)
    reason = _text(_("处置意见"), 3)


class RejectForm(VersionForm):
    reason = _text(_("退回理由"), 2)


class ApproveForm(VersionForm):
    pass


class AssignForm(VersionForm):
    handler_unit = forms.CharField(label=_("承办单位"), max_length=100)
    handler = forms.ModelChoiceField(label=_("承办人（本系统用户）"), queryset=User.objects.none(), required=False)
    handler_name = forms.CharField(label=_("承办人（姓名，非系统用户时填写）"), max_length=60, required=False)
    due_on = forms.DateField(label=_("办理时限（空则按处置方式默认工作日计算）"), required=False, widget=date_input())

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [Role.AREA_LEADER, Role.CASE_HANDLER, Role.TOWNSHIP]
        self.fields["handler"].queryset = access.scope(user, User.objects.filter(role__in=roles, is_active=True),
                                                       "jurisdiction__path")

    def payload(self) -> dict:
        data = super().payload()
        handler = data.pop("handler")
        if handler is not None:
            data["handler_id"] = handler.id
            data["handler_name"] = data["handler_name"] or str(handler)
        return data


class ResultForm(VersionForm):
    result = _text(_("办理结果"), 3)
    case_filed = forms.BooleanField(label=_("是否立案"), required=False)
    filed_on = forms.DateField(label=_("立案日期"), required=False, widget=date_input())
    persons_sanctioned = forms.IntegerField(label=_("党纪政务处分人数"), min_value=0, initial=0)
    org_handled = forms.IntegerField(label=_("组织处理人数"), min_value=0, initial=0)
    first_form = forms.IntegerField(label=_("第一种形态人数"), min_value=0, initial=0)
    judicial = forms.IntegerField(label=_("移送司法人数"), min_value=0, initial=0)
    recovered = forms.DecimalField(label=_("追缴金额（元）"), min_value=0, max_digits=14, decimal_places=2, initial=0)
    returned = forms.DecimalField(label=_("退还群众金额（元）"), min_value=0, max_digits=14, decimal_places=2, initial=0)


class CloseForm(VersionForm):
    investigated = forms.BooleanField(label=_("调查到位"), required=False)
    dealt_with = forms.BooleanField(label=_("处理到位"), required=False)
    fed_back = forms.BooleanField(label=_("反馈到位（实名反映的须向反映人反馈）"), required=False)
    feedback_on = forms.DateField(label=_("反馈日期"), required=False, widget=date_input())
    file_complete = forms.BooleanField(label=_("归档到位"), required=False)
    educated = forms.BooleanField(label=_("教育到位"), required=False)


class ArchiveForm(VersionForm):
    pass


TRANSITION_FORMS = {
    "propose": ProposeForm, "reject": RejectForm, "approve": ApproveForm, "assign": AssignForm,
    "record_result": ResultForm, "close": CloseForm, "archive": ArchiveForm,
}


def transition_form(name: str, user, *args, **kwargs):
    cls = TRANSITION_FORMS[name]
    return cls(user, *args, **kwargs) if cls is AssignForm else cls(*args, **kwargs)


class ReassignForm(VersionForm):
    mode = forms.ChoiceField(label=_("办理方式"), choices=[
        ("提级办理", _("提级办理")), ("交叉办理", _("交叉办理")), ("直查直办", _("直查直办"))])
    target = forms.ModelChoiceField(label=_("改由"), queryset=Jurisdiction.objects.filter(level__in=[L.COUNTY, L.AREA]),
                                    to_field_name="code")
    reason = _text(_("理由"), 2)


class NoticeForm(forms.Form):
    level = forms.TypedChoiceField(label=_("督办级别（空则逐级提升）"), coerce=int, required=False, empty_value=None,
                                   choices=[("", "—")] + SupervisionNotice.Level.choices)
    message = _text(_("督办要求"), 3)
    reply_by = forms.DateField(label=_("回复时限"), required=False, widget=date_input())


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class RepeatForm(VersionForm):
    original = forms.IntegerField(widget=forms.HiddenInput)


class BulkTriageForm(forms.Form):
    ids = forms.CharField(widget=forms.HiddenInput, required=False)
    disposal = forms.ChoiceField(label=_("处置方式"), choices=Disposal.choices, initial=Disposal.CLOSE)
    reason = _text(_("统一处置意见"), 2)
    close_out = forms.BooleanField(label=_("予以了结的同时办结（已核实：调查、处理、归档、教育到位）"), required=False)
