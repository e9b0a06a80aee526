"""The campaign form (define and change) and the bulk tagging form of the clue list."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qingfeng.cases.models import Campaign
from qingfeng.clues.models import CATEGORIES
from qingfeng.clues.validation import EARLIEST
from qingfeng.engine.rulebook import Rulebook

UNTAG = "none"


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("专项治理主题"), max_length=Campaign._meta.get_field("name").max_length)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    quarter = forms.TypedChoiceField(label=_("季度"), coerce=int, required=False, empty_value=None, choices=[
        ("", "—"), (1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))])
    scope = forms.CharField(label=_("治理范围"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=Campaign._meta.get_field("scope").max_length)
    rules = forms.MultipleChoiceField(label=_("涵盖的比对规则（大数据比对线索按规则自动关联）"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(label=_("涵盖的问题类别"), required=False,
                                           widget=forms.CheckboxSelectMultiple, choices=[(c, c) for c in CATEGORIES])
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", "—")] + [(y, str(y)) for y in range(this_year + 1, EARLIEST.year - 1, -1)]
        self.fields["rules"].choices = [(r.id, f"{r.id} {r.title}") for r in Rulebook.load().rules.values()]

    @classmethod
    def of(cls, campaign: Campaign) -> "CampaignForm":
        return cls(initial={"name": campaign.name, "year": campaign.year, "quarter": campaign.quarter,
                            "scope": campaign.scope, "rules": campaign.rules, "categories": campaign.categories,
                            "version": campaign.version})

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class TagForm(forms.Form):
    """Posted by the clue list: the ticked clues (`clue`) and the campaign, or UNTAG."""

    campaign = forms.CharField()
    next = forms.CharField(required=False)

    def campaign_id(self) -> int | None:
        value = self.cleaned_data["campaign"]
        if value == UNTAG:
            return None
        if not value.isdigit():
            raise forms.ValidationError(_("请选择专项治理主题。"))
        return int(value)
