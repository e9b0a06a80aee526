from django.urls import path

from qingfeng.reports import views

app_name = "reports"
urlpatterns = [
    path("stats/", views.stats, name="stats"),
]
