from django.urls import path

from qingfeng.villages import views, views_finance, views_meetings

app_name = "villages"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.items, name="items"),
    path("t/<str:code>/", views.township, name="township"),
    path("t/<str:code>/posters.zip", views.township_posters, name="township_posters"),
    path("d/<int:disclosure_id>/correct/", views.correct, name="correct"),
    path("m/<int:meeting_id>/", views_meetings.meeting_detail, name="meeting"),
    path("m/<int:meeting_id>/change/", views_meetings.change_meeting, name="change_meeting"),
    path("m/<int:meeting_id>/publish/", views_meetings.publish_meeting, name="publish_meeting"),
    path("<str:code>/meetings/", views_meetings.meetings, name="meetings"),
    path("<str:code>/meetings/new/", views_meetings.record_meeting, name="record_meeting"),
    path("<str:code>/books/", views_meetings.village_books, name="books"),
    path("<str:code>/hits/", views_meetings.village_hits, name="hits"),
    path("<str:code>/hits/<int:clue_id>/", views_meetings.village_hit, name="hit"),
    path("<str:code>/finance/", views_finance.finance, name="finance"),
    path("<str:code>/finance/runs/<int:run_id>/", views_finance.finance_run, name="finance_run"),
    path("<str:code>/", views.village, name="village"),
]
