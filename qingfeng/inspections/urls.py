from django.urls import path

from qingfeng.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicator_table, name="indicators"),
    path("<int:round_id>/", views.round_detail, name="round"),
    path("<int:round_id>/edit/", views.round_edit, name="round_edit"),
    path("<int:round_id>/targets/", views.add_target, name="add_target"),
    path("<int:round_id>/problems/", views.add_problem, name="add_problem"),
    path("<int:round_id>/suggestions/", views.add_suggestion, name="add_suggestion"),
    path("<int:round_id>/rules/", views.add_rule, name="add_rule"),
    path("problems/<int:problem_id>/", views.problem_detail, name="problem"),
    path("problems/<int:problem_id>/report/", views.report, name="report"),
    path("problems/<int:problem_id>/verify/", views.verify, name="verify"),
    path("problems/<int:problem_id>/transfer/", views.transfer, name="transfer"),
]
