"""Campaign pages: the list with headline figures, a campaign's results, define/change
(leadership), and tagging the clues ticked on the clue list. Views parse, authorise,
call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qingfeng.cases.campaigns import access, actions, forms, results
from qingfeng.cases.campaigns.periods import window_of
from qingfeng.web.view_errors import errors_on_form
from qingfeng.staff.menu import Entry

CONFLICT = gettext_lazy("保存失败：该专项治理主题已被他人修改，请核对最新内容后重新提交。")


@login_required
def campaign_list(request):
    user = access.require_reader(request.user)
    campaigns = list(access.visible_campaigns(user))
    figures = results.headlines(user, campaigns, timezone.localdate())
    return render(request, "cases/campaign_list.html", {
        "rows": [(c, window_of(c), figures[c.id]) for c in campaigns], "can_define": access.can_define(user),
    })


@login_required
def campaign_detail(request, campaign_id: int):
    user = access.require_reader(request.user)
    campaign = access.access_campaign_by_id(user, campaign_id)
    found = results.results_of(user, campaign, timezone.localdate())
    return render(request, "cases/campaign_detail.html", {
        "campaign": campaign, "results": found, "rows": found.rows(), "can_define": access.can_define(user),
        "clue_list": reverse("clues:list") + f"?campaign={campaign.id}",
    })


@login_required
def campaign_new(request):
    user = access.require_definer(request.user)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, CONFLICT, request):
            campaign = actions.do_create_campaign(acting_user=user, **form.values())
            messages.success(request, _("已新建专项治理主题「%(name)s」。") % {"name": campaign.name})
            return redirect("campaigns:detail", campaign_id=campaign.id)
    return render(request, "cases/campaign_form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request, campaign_id: int):
    user = access.require_definer(request.user)
    campaign = access.access_campaign_by_id(user, campaign_id)
    form = forms.CampaignForm(request.POST) if request.method == "POST" else forms.CampaignForm.of(campaign)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, CONFLICT, request):
            actions.do_change_campaign(campaign.id, acting_user=user, expected_version=form.cleaned_data["version"],
                                       **form.values())
            messages.success(request, _("已保存专项治理主题。"))
            return redirect("campaigns:detail", campaign_id=campaign.id)
    return render(request, "cases/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def tag_clues(request):
    """The clue list's 「关联专项治理主题」: the ticked clues into a campaign, or out of theirs."""
    user = access.require_reader(request.user)
    form = forms.TagForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("clue") if i.isdigit()]
    valid = form.is_valid()
    back = form.cleaned_data.get("next", "") if valid else ""
    if not (back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None)):
        back = reverse("clues:list")
    try:
        campaign_id = form.campaign_id() if valid else None
    except ValidationError:
        valid = False
    if not valid or not ids:
        messages.error(request, _("请勾选线索并选择专项治理主题。"))
        return redirect(back)
    outcome = actions.do_tag_clues(ids, acting_user=user, campaign_id=campaign_id)
    text = _("已关联 %(tagged)s 件线索，%(unchanged)s 件原已关联，%(missing)s 件未找到。") if campaign_id else _(
        "已取消 %(tagged)s 件线索的专项治理主题，%(unchanged)s 件原未关联，%(missing)s 件未找到。")
    messages.success(request, text % {"tagged": outcome.tagged, "unchanged": outcome.unchanged,
                                      "missing": outcome.not_found})
    return redirect(back)


def staff_entries(user) -> list[Entry]:
    if user.role not in access.READERS:
        return []
    return [Entry(reverse("campaigns:list"), _("专项治理"), _("一季一主题：线索、立案、处分、追缴成效"))]
