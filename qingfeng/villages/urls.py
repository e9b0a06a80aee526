from django.urls import path

from qingfeng.villages import views

app_name = "villages"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.items, name="items"),
    path("t/<str:code>/", views.township, name="township"),
    path("t/<str:code>/posters.zip", views.township_posters, name="township_posters"),
    path("d/<int:disclosure_id>/correct/", views.correct, name="correct"),
    path("<str:code>/", views.village, name="village"),
]
