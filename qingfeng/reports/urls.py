from django.urls import path

from qingfeng.reports import views, views_ledger, views_period

app_name = "reports"
urlpatterns = [
    path("stats/", views.stats, name="stats"),
    path("ledger/", views_ledger.ledger, name="ledger"),
    path("period/", views_period.period, name="period"),
    path("period/chart/", views_period.period_chart, name="period_chart"),
]
