from django.urls import path

from qingfeng.places import views

app_name = "places"
urlpatterns = [
    path("", views.places_import, name="import"),
]
