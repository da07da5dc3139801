"""What the API's resources share: responses that vary with the caller, sync-ordered lists,
and writes that go through a service."""

from django.utils.cache import patch_vary_headers
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from appeals_site.api.pagination import sync_page
from appeals_site.api.permissions import audience
from appeals_site.audience import STAFF
from appeals_site.models import changed_field


class AudienceVaryMixin:
    """Responses depend on who asks: caches must key them on the credentials."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        return response


class SyncPageDescription(BasePagination):
    """Describes the sync page (appeals_site.api.pagination.sync_page) in the OpenAPI schema;
    the lists below build their pages with sync_page, not with this class."""

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results", "next", "until"],
            "properties": {
                "results": schema,
                "next": {"type": "string", "format": "uri", "nullable": True},
                "until": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Ask the next sync with updated_since=<until>.",
                },
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
            },
            {
                "name": "cursor",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
                "description": "From the `next` link of the previous page.",
            },
        ]


class HiddenMeansMissingMixin:
    """A write to a record the caller may not see (not in get_queryset: a restricted case, a
    defender only on such cases) is told it does not exist, as for an id naming nobody; "you
    may not change it" (403) would say that it is there. One light query, for writes only: a
    read finds out in get_object."""

    def check_permissions(self, request):
        pk = self.kwargs.get("pk")
        if (
            pk is not None
            and request.method not in permissions.SAFE_METHODS
            and request.user
            and request.user.is_authenticated
        ):
            get_object_or_404(self.get_queryset().only("pk"), pk=pk)
        super().check_permissions(request)


class SyncReadViewSet(HiddenMeansMissingMixin, AudienceVaryMixin, viewsets.ReadOnlyModelViewSet):
    """List in incremental-sync order (appeals_site.api.pagination), read one by id.

    `get_queryset` says what the audience may see; `shape` loads what the serializer shows
    (select_related / prefetch_related), so a page takes the same queries for 2 rows or 500.
    """

    pagination_class = SyncPageDescription

    def shape(self, queryset):
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "audience": audience(self.request)}

    def audit_read(self, rows: list, *, via: str) -> None:
        """Record in the audit log what a staff read served, where it matters (restricted
        cases' records, confidential facts: appeals_site.audit); subclasses say what. Called
        once per request with every row served, so that a page makes one entry, not one per
        row."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        changed = changed_field(queryset.model, audience=audience(request))
        page = sync_page(queryset, request, changed=changed)
        rows = list(self.shape(page.rows))
        serializer = self.get_serializer(rows, many=True)
        data = serializer.data
        if audience(request) == STAFF:
            self.audit_read(rows, via=f"api:{self.basename}-list")
        return Response({"results": data, "next": page.next_url, "until": page.until.isoformat()})

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        if audience(request) == STAFF:
            self.audit_read([instance], via=f"api:{self.basename}-detail")
        return Response(data)

    def get_object(self):
        queryset = self.shape(self.filter_queryset(self.get_queryset()))
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


class ServiceWriteMixin(mixins.CreateModelMixin, mixins.UpdateModelMixin):
    """Create and update through the app's services: subclasses define `perform_create` and
    `perform_update`, which call the service and set `serializer.instance` to what it
    returns. The answer is the record as read back, shaped like a read, with `warnings` when
    something was kept that deserves a second look (`write_warnings`: a fax number that
    cannot be read as an international one is kept as printed, not refused)."""

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self._read_back(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self._read_back(serializer.instance))

    def write_warnings(self, instance) -> dict[str, list[str]]:
        """Return the warnings about the record as saved, by field path (none by default)."""
        return {}

    def _read_back(self, instance):
        fresh = self.shape(type(instance).objects.filter(pk=instance.pk)).get()
        data = self.get_serializer(fresh).data
        warnings = self.write_warnings(fresh)
        if warnings:
            data = {**data, "warnings": warnings}
        return data
