from django.urls import path

from qingfeng.reports import views, views_dashboard, views_ledger, views_period

app_name = "reports"
urlpatterns = [
    path("stats/", views.stats, name="stats"),
    path("ledger/", views_ledger.ledger, name="ledger"),
    path("dashboard/chart/<str:name>.png", views_dashboard.dashboard_chart, name="dashboard_chart"),
    path("period/", views_period.period, name="period"),
    path("period/chart/", views_period.period_chart, name="period_chart"),
]
