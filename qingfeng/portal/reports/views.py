"""The report and follow-up pages. Placeholder: the reports helper replaces this module."""

from django.http import HttpResponse


def report_page(request):
    return HttpResponse("网上举报")


def follow_page(request):
    return HttpResponse("举报查询")
