from django.urls import path

from qingfeng.boxes import views

app_name = "boxes"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_boxes, name="import"),
    path("<int:box_id>/", views.box_detail, name="box"),
    path("<int:box_id>/open/", views.record_opening, name="open"),
    path("openings/<int:opening_id>/", views.opening_detail, name="opening"),
    path("markets/", views.markets, name="markets"),
    path("markets/<int:point_id>/", views.point_detail, name="point"),
]
