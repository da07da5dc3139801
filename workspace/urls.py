"""The workspace's pages, under /admin/ (appeals_site/urls.py puts them before the admin
site's own, so that the workspace answers /admin/ itself)."""

from django.contrib import admin
from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("", admin.site.admin_view(views.workspace), name="index"),
    path("workspace/dashboard/", admin.site.admin_view(views.dashboard), name="dashboard"),
    path(
        "workspace/dashboard/<slug:slug>.csv",
        admin.site.admin_view(views.chart_csv),
        name="chart_csv",
    ),
]
