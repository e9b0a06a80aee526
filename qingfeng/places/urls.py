from django.urls import path

from qingfeng.places import views, views_areas

app_name = "places"
urlpatterns = [
    path("", views.places_import, name="import"),
    path("areas/", views_areas.areas, name="areas"),
    path("areas/new/", views_areas.create_area, name="create_area"),
    path("areas/<str:code>/rename/", views_areas.rename_area, name="rename_area"),
    path("townships/<str:code>/area/", views_areas.move_township, name="move_township"),
]
