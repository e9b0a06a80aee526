from django.urls import path

from qingfeng.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("households/", views.households, name="households"),
    path("households/<int:household_id>/", views.household, name="household"),
]
