from django.urls import path

from qingfeng.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/advance/", views.advance_case, name="advance"),
    path("<int:case_id>/investigated/", views.add_investigated, name="investigated_add"),
    path("<int:case_id>/investigated/<int:person_id>/remove/", views.remove_investigated, name="investigated_remove"),
    path("clues/<int:clue_id>/file/", views.file_case, name="file"),
    path("clues/<int:clue_id>/measures/new/", views.measure_new, name="measure_new"),
    path("clues/<int:clue_id>/correct/", views.correct_outcomes, name="correct"),
    path("measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("measures/<int:measure_id>/remove/", views.measure_remove, name="measure_remove"),
    path("measures/<int:measure_id>/refunds/", views.refund_add, name="refund_add"),
    path("refunds/<int:refund_id>/remove/", views.refund_remove, name="refund_remove"),
]
