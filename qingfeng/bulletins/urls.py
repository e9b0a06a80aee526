"""Staff pages of the monthly bulletin (namespace "bulletins", at /staff/bulletins/)."""

from django.urls import path

from qingfeng.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:bulletin_id>/", views.detail, name="detail"),
    path("<int:bulletin_id>/edit/", views.edit, name="edit"),
    path("<int:bulletin_id>/refresh/", views.refresh, name="refresh"),
    path("<int:bulletin_id>/approve/", views.approve, name="approve"),
    path("<int:bulletin_id>/issue/", views.issue, name="issue"),
    path("<int:bulletin_id>/file/<str:kind>/", views.download, name="file"),
]
