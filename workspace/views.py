"""The staff workspace and its dashboard: pages of the admin site (urls.py wraps each in
admin.site.admin_view, so only active staff who passed the second factor reach them)."""

import csv

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from workspace import charts, selectors


def workspace(request):
    """The admin's index, with the member of staff's workspace above the list of apps.

    Django's own index view builds the list of apps (AdminSite.get_app_list, so any change to
    it shows here); only its template is ours, extending Django's."""
    response = admin.site.index(
        request,
        extra_context={
            "title": _("Workspace"),
            "workspace": selectors.workspace_blocks(user=request.user),
            "hearings_ahead_days": selectors.HEARINGS_AHEAD_DAYS,
            "quiet_days": selectors.QUIET_DAYS,
        },
    )
    response.template_name = "admin/workspace/index.html"
    return response


def dashboard(request):
    """Charts of the cases the member of staff may see, each with its table."""
    context = {
        **admin.site.each_context(request),
        "title": _("Dashboard"),
        "charts": charts.dashboard_charts(user=request.user),
    }
    return TemplateResponse(request, "admin/workspace/dashboard.html", context)


def chart_csv(request, slug: str):
    """One chart's table, as CSV."""
    chart = charts.dashboard_chart(user=request.user, slug=slug)
    if chart is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(chart.headings)
    writer.writerows(chart.rows)
    return response
