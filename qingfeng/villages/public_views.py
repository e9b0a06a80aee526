"""The village's public page. Placeholder: the villages helper replaces this module."""

from django.http import HttpResponse


def village_page(request, code: str):
    return HttpResponse(code)
