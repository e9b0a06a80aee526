"""The 核查 panel of a cross-check clue's page (one line in clues/detail.html)."""

from django import template

from qingfeng.crosscheck.models import HitReview
from qingfeng.crosscheck.reasons import reason_label
from qingfeng.crosscheck.review import is_crosscheck_clue
from qingfeng.crosscheck.review_forms import HitReviewForm

register = template.Library()
register.filter("reason_label", reason_label)


@register.inclusion_tag("crosscheck/_review.html", takes_context=True)
def hit_review(context, clue):
    if not is_crosscheck_clue(clue):
        return {"shown": False}
    review = HitReview.objects.select_related("reviewed_by").filter(clue=clue).first()
    initial = {"version": review.version if review else 0}
    if review:
        initial |= {"verdict": review.verdict, "reason": review.reason, "note": review.note}
    return {"shown": True, "clue": clue, "review": review, "form": HitReviewForm(clue, initial=initial),
            "exceptions": review.exceptions.all() if review else [], "csrf_token": context.get("csrf_token")}


@register.simple_tag
def rate_text(rates, rule_id):
    """「66.7%（2/3）」 for a rule of a confirmation.rates_* mapping; 「未核查」 without reviews."""
    from django.utils.translation import gettext as _

    rate = rates.get(rule_id) if rates else None
    if rate is None or not rate.reviewed:
        return _("未核查")
    return _("%(percent)s%%（属实 %(confirmed)s / 已核查 %(reviewed)s）") % {
        "percent": rate.percent, "confirmed": rate.confirmed, "reviewed": rate.reviewed}
