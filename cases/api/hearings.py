"""/api/v1/hearings/: hearings of the cases the caller may see (partners: public cases), with
the court's local date and time, its time zone, and the same instant in UTC."""

import django_filters
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers

from appeals_site.api.filters import UpdatedSinceFilter
from appeals_site.api.permissions import audience
from appeals_site.api.viewsets import SyncReadViewSet, TombstonesMixin, tombstones_schema
from cases.api.auditing import restricted_case_rows_audit
from cases.api.serializers import SourceAppealField
from cases.models import Hearing
from cases.outward import HEARING
from cases.selectors import case_record_tombstones_since, cases_for_audience
from defenders.models import Defender


def _hearing_fields() -> list[str]:
    """The declaration's fields (cases/outward.py), with the case's reference and country
    after the case, and the court's local start before the UTC one."""
    fields = ["id", "case", "case_reference", "country"]
    for name in HEARING.names():
        if name in {"id", "case", "updated_at"}:
            continue
        if name == "starts_at":
            fields.append("local_starts_at")
        fields.append(name)
    return [*fields, "updated_at"]


class HearingSerializer(serializers.ModelSerializer):
    """A hearing. `local_starts_at` is the court's local time with its UTC offset;
    `starts_at` the same instant in UTC; `moves` how many times it was moved."""

    case = serializers.UUIDField(source="case_id", read_only=True)
    # Null until the case has a reference (its first appeal issued).
    case_reference = serializers.CharField(source="case.reference", read_only=True, allow_null=True)
    country = serializers.CharField(source="case.country.code", read_only=True)
    defenders = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    local_starts_at = serializers.SerializerMethodField()
    starts_at = serializers.SerializerMethodField()
    moves = serializers.IntegerField(source="move_count", read_only=True)
    stated_in = SourceAppealField()
    changed_in = SourceAppealField()

    class Meta:
        model = Hearing
        fields = _hearing_fields()

    # No time stated: both null, and the day is local_date (never an invented midnight).
    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_local_starts_at(self, hearing) -> str | None:
        if hearing.local_time is None:
            return None
        return hearing.local_starts_at.isoformat()

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_starts_at(self, hearing) -> str | None:
        if hearing.local_time is None:
            return None
        return serializers.DateTimeField().to_representation(hearing.starts_at)


class HearingFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        field_name="case__country",
        choices=list(countries),
        help_text=_("The case's country, ISO 3166-1 alpha-2, e.g. KG."),
    )
    date_from = django_filters.DateFilter(
        field_name="local_date",
        lookup_expr="gte",
        help_text=_("Hearings on or after this date (the court's local date)."),
    )
    date_to = django_filters.DateFilter(
        field_name="local_date",
        lookup_expr="lte",
        help_text=_("Hearings on or before this date (the court's local date)."),
    )
    status = django_filters.ChoiceFilter(choices=Hearing.Status.choices)
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Hearing
        fields = ["country", "status"]


def hearings_shaped(queryset):
    """Return hearings with their case, sources, defenders (names only) and number of moves
    loaded."""
    return (
        queryset.select_related("case", "stated_in", "changed_in")
        .annotate(move_count=Count("moves"))
        .prefetch_related(Prefetch("defenders", queryset=Defender.objects.only("id", "full_name")))
    )


@extend_schema_view(tombstones=tombstones_schema("hearing"))
class HearingViewSet(TombstonesMixin, SyncReadViewSet):
    """Hearings: partners read those of public cases; times are the court's own and UTC."""

    queryset = Hearing.objects.all()
    serializer_class = HearingSerializer
    filterset_class = HearingFilter

    def get_queryset(self):
        return Hearing.objects.filter(
            case__in=cases_for_audience(audience=audience(self.request), user=self.request.user)
        )

    def tombstones_since(self, *, since, audience):
        return case_record_tombstones_since(
            model=Hearing, visible=self.get_queryset(), since=since, audience=audience
        )

    def shape(self, queryset):
        return hearings_shaped(queryset)

    def audit_read(self, rows, *, via):
        restricted_case_rows_audit(request=self.request, rows=rows, via=via)
