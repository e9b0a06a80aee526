"""Breadcrumbs of staff detail pages: 工作台 › section › … › this page."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("breadcrumbs.html")
def breadcrumbs(*trail, current=""):
    """`{% breadcrumbs "clues:list" _("问题线索台账") current=clue.clue_no %}`: pairs of URL name and title.

    A URL name may carry one argument after a space ("jobs:detail 7").
    """
    links = []
    for name, title in zip(trail[::2], trail[1::2]):
        view, *args = str(name).split()
        links.append((reverse(view, args=args), title))
    return {"links": links, "current": current}
