"""Staff answer a public report from the clue page: the portal's models and actions, staff URLs.

Mounted under /staff/portal/ in its own "portal_staff" namespace, apart from the public pages.
"""

from django.urls import path

from qingfeng.portal.reports import staff_views

app_name = "portal_staff"
urlpatterns = [
    path("clues/<int:clue_id>/message/", staff_views.message, name="message"),
    path("clues/<int:clue_id>/feedback/", staff_views.feedback, name="feedback"),
]
