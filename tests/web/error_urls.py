"""The site's URLs plus one that fails, so the tests can see the 500 page (test-only)."""

from django.urls import path

from qingfeng.web.urls import urlpatterns as site


def _fail(request):
    raise RuntimeError("a failure for the 500 page test")


urlpatterns = [*site, path("test-failure/", _fail)]
