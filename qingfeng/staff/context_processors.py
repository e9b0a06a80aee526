"""Puts the staff menu into every page, so the header shows what the user's role can do."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from qingfeng.accounts import access
from qingfeng.staff import menu


def staff_menu(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not access.is_staff(user):
        return {"staff_menu": []}

    def items() -> list[dict]:
        entries = [menu.Entry(reverse("staff:home"), _("工作台"))] + menu.entries_for(user)
        # The most specific entry whose address starts this page's is the current one.
        here = max((e.url for e in entries if request.path.startswith(e.url)), key=len, default=None)
        return [{"url": e.url, "title": e.title, "current": e.url == here} for e in entries]

    return {"staff_menu": SimpleLazyObject(items)}  # built only when a page renders the header
