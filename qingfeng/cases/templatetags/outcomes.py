"""The clue page's outcomes block and how outcome entries read in its history."""

from django import template
from django.utils import timezone

from qingfeng.cases import forms, history, outcomes

register = template.Library()


@register.inclusion_tag("cases/case_outcomes_block.html", takes_context=True)
def clue_outcomes(context, clue):
    user = context["request"].user
    data = outcomes.block(user, clue)
    filed_on = clue.filed_on if clue.case_filed and clue.filed_on else timezone.localdate()
    data["file_form"] = forms.FileCaseForm(initial={"version": clue.version, "filed_on": filed_on})
    data["csrf_token"] = context.get("csrf_token")
    return data


@register.inclusion_tag("cases/case_history_entry.html")
def outcome_history(entry):
    return {"summary": history.summary(entry) if entry.action in history.ACTION_LABELS else "",
            "changes": history.changes(entry)}
