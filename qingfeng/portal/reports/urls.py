from django.urls import path

from qingfeng.portal.reports import views

urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("follow/", views.follow_page, name="follow"),
]
