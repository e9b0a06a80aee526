from django.urls import path

from qingfeng.clues import views, views_supervision, views_workflow

app_name = "clues"
urlpatterns = [
    path("", views.clue_list, name="list"),
    path("new/", views.intake, name="intake"),
    path("bulk/", views_workflow.bulk_triage, name="bulk"),
    path("backlog/", views_supervision.backlog, name="backlog"),
    path("supervision/", views_supervision.warnings, name="supervision"),
    path("staff/", views_supervision.staff_stats, name="stats"),
    path("<int:clue_id>/", views.clue_detail, name="detail"),
    path("<int:clue_id>/do/<str:name>/", views_workflow.transition, name="transition"),
    path("<int:clue_id>/reassign/", views_workflow.reassign, name="reassign"),
    path("<int:clue_id>/notice/", views_workflow.notice, name="notice"),
    path("<int:clue_id>/repeat/", views_workflow.repeat, name="repeat"),
    path("<int:clue_id>/acknowledge/", views_workflow.acknowledge, name="acknowledge"),
    path("<int:clue_id>/attachments/", views_workflow.attach, name="attach"),
    path("<int:clue_id>/attachments/<int:attachment_id>/", views_workflow.attachment, name="attachment"),
    path("<int:clue_id>/reporter/", views_workflow.reporter, name="reporter"),
]
