"""What the API's resources share: responses that vary with the caller, sync-ordered lists,
and writes that go through a service."""

from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from appeals_site.api.exceptions import Error
from appeals_site.api.filters import parse_since
from appeals_site.api.pagination import page_response, sync_page
from appeals_site.api.permissions import audience
from appeals_site.audience import STAFF
from appeals_site.models import changed_field

# A record's id in a path: a UUID, with or without its hyphens. Anything else names nothing,
# so it matches no route and is the API's 404 (appeals_site.api.exceptions.api_not_found),
# never a 400 about the id's form.
UUID_IN_PATH = "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


UNKNOWN_PARAMETER = _("Unknown query parameter: check its spelling against the schema.")
PAGE_PARAMETERS = ("page_size", "cursor")


class DeclaredQueryParametersMixin:
    """A read whose query string names a parameter the endpoint does not take is a 400 naming
    it: a typo (`updated_sinc=`) would otherwise give a whole walk while the client believed
    it filtered. The parameters taken are those the schema declares: the filter set's (lists,
    the CSV and the calendar), a list's `page_size` and `cursor`, and an action's own
    (`extra_query_parameters`, by action, or "get" for a view without actions)."""

    extra_query_parameters: dict[str, tuple[str, ...]] = {"tombstones": ("since",)}

    def accepted_query_parameters(self) -> set[str]:
        action = getattr(self, "action", None)
        names = set(self.extra_query_parameters.get(action or "get", ()))
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None and action in {"list", None}:
            names |= set(filterset.base_filters)
        if action == "list":
            names |= set(PAGE_PARAMETERS)
        return names

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method in {"GET", "HEAD"}:
            unknown = sorted(set(request.query_params) - self.accepted_query_parameters())
            if unknown:
                raise ValidationError({name: [UNKNOWN_PARAMETER] for name in unknown})


class AudienceVaryMixin(DeclaredQueryParametersMixin):
    """Responses depend on who asks: caches must key them on the credentials. Each says where
    the caller stands in its rate limit (RateLimit-*: partners.throttling)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        state = getattr(request, "rate_limit", None)
        if state is not None:
            for name, value in state.headers().items():
                response[name] = value
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
    lookup_value_regex = UUID_IN_PATH

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
        return page_response(data, page)

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


TOMBSTONE_REASONS = [("unpublished", "unpublished"), ("deleted", "deleted")]
# The parameter of every tombstones list.
SINCE_PARAMETER = OpenApiParameter(
    "since",
    OpenApiTypes.DATETIME,
    description="Your last sync's `until`; ISO 8601 with its offset.",
)


def tombstones_schema(record: str):
    """Return the schema of `<records>/tombstones/` for `record` ("defender" …)."""
    return extend_schema(
        summary=f"{record.capitalize()}s that left what you may see",
        description=(
            f"The {record}s that left what you may see after `since` (deleted, or no longer "
            "on a public case: its case taken back from publication or deleted), oldest "
            "first: drop them from your mirror, then apply the changed ones. May name a "
            "record you never had."
        ),
        filters=False,
        parameters=[SINCE_PARAMETER],
        responses={
            200: inline_serializer(
                f"{record.capitalize()}Tombstones",
                {
                    "results": inline_serializer(
                        f"{record.capitalize()}Tombstone",
                        {
                            f"{record}_id": serializers.UUIDField(),
                            "reason": serializers.ChoiceField(TOMBSTONE_REASONS),
                            "left_at": serializers.DateTimeField(),
                        },
                        many=True,
                    )
                },
            ),
            400: Error,
            401: Error,
            403: Error,
            429: Error,
        },
    )


class TombstonesMixin:
    """`GET <records>/tombstones/?since=<until>`: the records that left what the caller may
    see, so that a mirror drops them (as cases': cases.api.views)."""

    def tombstones_since(self, *, since, audience: str) -> list[dict]:
        raise NotImplementedError

    @action(detail=False, methods=["get"])
    def tombstones(self, request):
        since = parse_since(request)
        return Response({"results": self.tombstones_since(since=since, audience=audience(request))})
