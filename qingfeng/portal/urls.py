"""The public pages (shared/spec/portal.md); the JSON endpoints are in qingfeng.portal.api.

URL names, all in the "portal" namespace: home, text_size, lookup, report, follow, village (by code).
"""

from django.urls import include, path

from qingfeng.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("text-size/", views.text_size, name="text_size"),
    path("", include("qingfeng.portal.lookup.urls")),
    path("", include("qingfeng.portal.reports.urls")),
    path("v/", include("qingfeng.villages.public_urls")),
    path("exposure/", include("qingfeng.bulletins.public_urls")),
]
