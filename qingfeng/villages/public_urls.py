"""The village pages /v/<village_code>/ (portal.md §3), in the portal's namespace."""

from django.urls import path

from qingfeng.villages import public_views

urlpatterns = [
    path("<str:code>/", public_views.village_page, name="village"),
    path("<str:code>/files/<int:attachment_id>/", public_views.attachment, name="village_file"),
]
