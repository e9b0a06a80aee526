from django.urls import path

from qingfeng.crosscheck import views, views_review

app_name = "crosscheck"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("rules/", views.rule_catalogue, name="rules"),
    path("review/<int:clue_id>/", views_review.review_clue, name="review"),
    path("exceptions/", views_review.exceptions, name="exceptions"),
    path("exceptions/<int:exception_id>/revoke/", views_review.revoke_exception, name="revoke_exception"),
]
