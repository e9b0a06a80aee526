from django.urls import path

from qingfeng.portal.reports import staff_views, views

urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("follow/", views.follow_page, name="follow"),
    # Staff answer from the clue page (the portal's models and actions, so the portal's URLs).
    path("staff/portal/clues/<int:clue_id>/message/", staff_views.message, name="staff-message"),
    path("staff/portal/clues/<int:clue_id>/feedback/", staff_views.feedback, name="staff-feedback"),
]
