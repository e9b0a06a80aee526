"""The public 曝光台 (in the portal's namespace: the public pages share one)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
