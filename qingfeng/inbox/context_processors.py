"""The header's inbox counts (all / overdue) on every staff page: computed once per request
(qingfeng.inbox.service.for_request, shared with the home panel and the inbox page), and
only when a page renders the header."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from qingfeng.accounts import access
from qingfeng.inbox import service


def inbox_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not access.is_staff(user):
        return {}
    return {"inbox_counts": SimpleLazyObject(lambda: service.for_request(request)),
            "inbox_url": reverse("inbox:index")}
