"""The public 曝光台 (in the portal's namespace, at /exposure/): exposure, exposure_bulletin,
exposure_case, exposure_pdf."""

from django.urls import path

from qingfeng.bulletins import public_views

urlpatterns = [
    path("", public_views.exposure, name="exposure"),
    path("<int:bulletin_id>/", public_views.exposure_bulletin, name="exposure_bulletin"),
    path("<int:bulletin_id>/pdf/", public_views.exposure_pdf, name="exposure_pdf"),
    path("case/<int:item_id>/", public_views.exposure_case, name="exposure_case"),
]
