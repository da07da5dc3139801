"""The case API: a partner's incremental sync of published cases, staff reads.

Reads never go through serializers: a page of whole cases is built by the database
(cases.api.documents) and rendered with orjson. The serializers in cases.api.schemas describe
those documents for the OpenAPI schema.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from appeals_site.api.pagination import sync_page
from appeals_site.api.permissions import audience
from cases.api.documents import case_documents, case_documents_queryset
from cases.api.filters import CaseFilter
from cases.models import Case
from cases.selectors import case_tombstones_since, cases_for_audience


class AudienceVaryMixin:
    """Responses depend on who asks: caches must key them on the credentials."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response


def parse_since(request, name: str = "since") -> dt.datetime | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    value = parse_datetime(raw.replace(" ", "+"))
    if value is None or value.tzinfo is None:
        raise ValidationError(
            {
                name: [
                    _("Give an ISO 8601 date and time with its offset, e.g. 2025-04-14T00:00:00Z.")
                ]
            }
        )
    return value


class CaseViewSet(AudienceVaryMixin, viewsets.GenericViewSet):
    queryset = Case.objects.all()
    filterset_class = CaseFilter

    def get_queryset(self):
        return cases_for_audience(audience=audience(self.request))

    def list(self, request):
        cases = self.filter_queryset(self.get_queryset())
        page = sync_page(cases, request)
        who = audience(request)
        results = case_documents(case_documents_queryset(page.rows, audience=who), audience=who)
        return Response(
            {
                "results": results,
                "next": page.next_url,
                # The next incremental sync asks for updated_since=<until>.
                "until": page.until.isoformat(),
            }
        )

    def retrieve(self, request, pk=None):
        case = get_object_or_404(self.get_queryset().values("pk"), pk=pk)
        who = audience(request)
        rows = case_documents_queryset(Case.objects.filter(pk=case["pk"]), audience=who)
        return Response(case_documents(rows, audience=who)[0])

    @action(detail=False, methods=["get"])
    def tombstones(self, request):
        """Cases that left what you may see (taken back from publication, or deleted) after
        `since`: drop them from your mirror."""
        since = parse_since(request)
        rows = case_tombstones_since(since=since, audience=audience(request))
        return Response({"results": list(rows)})
