"""The staff block of an online report on the clue page: the conversation, a reply, the feedback text.

An inclusion tag, so the clue page needs one line and no view of its own changes;
the clue it is given was already fetched through the clue's access rules.
"""

from django import template

from qingfeng.portal.models import PublicReport
from qingfeng.portal.reports.access import can_answer

register = template.Library()


@register.inclusion_tag("portal/_clue_public_report.html", takes_context=True)
def public_report_block(context, clue):
    # Only those who answer the reporter read the conversation: the reporter's own words may
    # name them (a department liaison reading the clue does not see it).
    report = PublicReport.objects.filter(clue=clue).first() if can_answer(context["user"]) else None
    if report is None:
        return {"report": None}
    return {
        "report": report, "clue": clue, "can_answer": True,
        "conversation": clue.public_messages.select_related("staff_user"), "csrf_token": context.get("csrf_token"),
    }
