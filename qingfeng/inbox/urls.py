from django.urls import path

from qingfeng.inbox import views
from qingfeng.inbox.calendar import views as views_calendar

app_name = "inbox"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views_calendar.index, name="calendar"),
    path("calendar/load/", views_calendar.load, name="calendar_load"),
    path("calendar/<int:year>/", views_calendar.year_page, name="calendar_year"),
    path("calendar/<int:year>/day/", views_calendar.set_day, name="calendar_set_day"),
    path("calendar/<int:year>/remove/", views_calendar.remove_day, name="calendar_remove_day"),
    path("calendar/<int:year>/unload/", views_calendar.unload_year, name="calendar_unload"),
]
