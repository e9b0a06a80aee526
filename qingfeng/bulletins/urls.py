"""Staff pages of the monthly bulletin (namespace "bulletins")."""

from django.urls import path  # noqa: F401

app_name = "bulletins"
urlpatterns: list = []
