from django.urls import path

from qingfeng.cases.accountability import views

app_name = "accountability"
urlpatterns = [
    path("", views.accountability_list, name="list"),
    path("new/", views.accountability_new, name="new"),
    path("<int:accountability_id>/", views.accountability_detail, name="detail"),
]
