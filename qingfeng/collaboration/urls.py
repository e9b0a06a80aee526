from django.urls import path

from qingfeng.collaboration import views, views_meetings, views_transfers, views_work

app_name = "collaboration"
urlpatterns = [
    path("", views.index, name="index"),
    path("areas/", views.overview_page, name="overview"),
    path("areas/<str:code>/", views.area, name="area"),
    path("areas/<str:code>/team/", views.team_add, name="team_add"),
    path("areas/<str:code>/team/<int:member_id>/", views.team_change, name="team_change"),
    path("areas/<str:code>/meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("areas/<str:code>/problems/new/", views_work.problem_new, name="problem_new"),
    path("areas/<str:code>/reviews/new/", views_work.review_new, name="review_new"),
    path("meetings/<int:meeting_id>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/follow-ups/", views_meetings.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:follow_up_id>/", views_meetings.follow_up_done, name="follow_up_done"),
    path("problems/<int:problem_id>/", views_work.problem, name="problem"),
    path("reviews/<int:review_id>/", views_work.review, name="review"),
    path("joint/", views_meetings.joint, name="joint"),
    path("joint/new/", views_meetings.joint_new, name="joint_new"),
    path("transfers/", views_transfers.summary, name="transfers"),
    path("returns/", views_transfers.returns, name="returns"),
    path("feedback/", views_transfers.feedback, name="feedback"),
]
