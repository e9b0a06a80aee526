"""The clue list's campaign filter and bulk tagging, without the clue views knowing campaigns.

`{% campaign_tagging as tagging %}` gives `tagging.campaigns` (id, name) for the filter
and the tagging select, and `tagging.can_tag` (may this user tag the ticked clues)."""

from django import template

from qingfeng.cases.campaigns.access import READERS, can_tag
from qingfeng.cases.models import Campaign

register = template.Library()


@register.simple_tag(takes_context=True)
def campaign_tagging(context) -> dict:
    user = context["request"].user
    if user.role not in READERS:
        return {"campaigns": [], "can_tag": False}
    campaigns = list(Campaign.objects.values_list("id", "name"))
    return {"campaigns": campaigns, "can_tag": can_tag(user) and bool(campaigns)}
