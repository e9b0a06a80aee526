"""The 核查 form on a cross-check clue's page and the revoke form of the exceptions list."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.crosscheck.models import HitException, HitReview
from qingfeng.crosscheck.reasons import reason_label, reasons_for
from qingfeng.crosscheck.review import subject_choices
from qingfeng.web.widgets import date_input

EXCEPTION_DAYS = 365  # the default validity: the next year's runs


class HitReviewForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label=_("核查结论"), choices=HitReview.Verdict.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("原因"))
    note = forms.CharField(label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    exception_kind = forms.ChoiceField(label=_("不属实时添加例外（此后比对不再命中）"), required=False)
    exception_until = forms.DateField(label=_("例外有效期至"), required=False, widget=date_input())

    def __init__(self, clue, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = (clue.evidence or {}).get("rule", "")
        self.fields["reason"].choices = [
            (str(label), [(r, reason_label(r)) for r in reasons_for(verdict, rule)]) for verdict, label in HitReview.Verdict.choices]
        kinds = dict(HitException.Kind.choices)
        self.fields["exception_kind"].choices = [("", _("不添加例外"))] + [
            (kind, f"{kinds[kind]} {value}") for kind, value in subject_choices(clue)]
        self.fields["exception_until"].initial = timezone.localdate() + timedelta(days=EXCEPTION_DAYS)


class RevokeForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(label=_("撤销说明"), required=False, max_length=200)
