"""{% unscheduled_warning clue.due_on clue.ack_due_on %}: the note that a deadline falls in a year
whose official holiday schedule is not known (counted Monday to Friday)."""

from django import template

from qingfeng.core import workdays

register = template.Library()


@register.inclusion_tag("inbox/_unscheduled.html")
def unscheduled_warning(*days):
    return {"years": workdays.unscheduled_years(*days)}
