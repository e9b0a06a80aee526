"""The lookup page. Placeholder: the lookup helper replaces this module."""

from django.http import HttpResponse


def lookup_page(request):
    return HttpResponse("惠民资金查询")
