from django.urls import path

from qingfeng.crosscheck import views

app_name = "crosscheck"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("rules/", views.rule_catalogue, name="rules"),
]
