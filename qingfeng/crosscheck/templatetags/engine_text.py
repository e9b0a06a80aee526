"""Template filters over crosscheck/engine_text.py: ``{% load engine_text %}``."""

from django import template

from qingfeng.crosscheck import engine_text

register = template.Library()
register.filter("engine_text", engine_text.engine_text)
register.filter("bilingual_half", engine_text.bilingual_half)
register.filter("rule_description", engine_text.rule_description)
register.filter("rule_theme", engine_text.rule_theme)
register.filter("rule_severity", engine_text.rule_severity)


@register.filter
def rule_title(rule_or_id, fallback=""):
    """``{{ rule|rule_title }}`` or ``{{ r.id|rule_title:r.title }}`` (the stored title if the rule is gone)."""
    return engine_text.rule_title(rule_or_id, fallback)
