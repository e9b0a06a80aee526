from django import template

from qingfeng.crosscheck import evidence as ev

register = template.Library()


@register.inclusion_tag("clues/evidence.html")
def show_evidence(evidence):
    return {"evidence": evidence, "records": ev.records(evidence or {}), "facts": ev.facts(evidence or {})}
