from django.urls import include, path

from qingfeng.portal.api import public_api
from qingfeng.web.api import api

urlpatterns = [
    path("", include("qingfeng.portal.urls")),
    path("accounts/", include("qingfeng.accounts.urls")),
    path("staff/", include("qingfeng.staff.urls")),
    path("staff/reports/", include("qingfeng.reports.urls")),
    path("staff/bulletins/", include("qingfeng.bulletins.urls")),
    path("staff/clues/", include("qingfeng.clues.urls")),
    path("staff/cases/", include("qingfeng.cases.urls")),
    path("staff/campaigns/", include("qingfeng.cases.campaigns.urls")),
    path("staff/accountability/", include("qingfeng.cases.accountability.urls")),
    path("staff/crosscheck/", include("qingfeng.crosscheck.urls")),
    path("staff/jobs/", include("qingfeng.jobs.urls")),
    path("staff/places/", include("qingfeng.places.urls")),
    path("staff/villages/", include("qingfeng.villages.urls")),
    path("staff/portal/", include("qingfeng.portal.reports.staff_urls")),
    path("staff/inspections/", include("qingfeng.inspections.urls")),
    path("staff/boxes/", include("qingfeng.boxes.urls")),
    path("staff/collaboration/", include("qingfeng.collaboration.urls")),
    path("staff/inbox/", include("qingfeng.inbox.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/public/", public_api.urls),  # before the staff API: nothing under it authenticates
    path("api/", api.urls),
]
