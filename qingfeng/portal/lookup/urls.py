from django.urls import path

from qingfeng.portal.lookup import views

urlpatterns = [path("lookup/", views.lookup_page, name="lookup")]
