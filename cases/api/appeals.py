"""/api/v1/appeals/: the appeals of the cases the caller may see. Partners get issued appeals
of public cases only, never a draft; staff get all, drafts included (`issued=false`)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from appeals_site.api.filters import UpdatedSinceFilter
from appeals_site.api.permissions import audience
from appeals_site.api.viewsets import SyncReadViewSet, TombstonesMixin, tombstones_schema
from appeals_site.audience import PARTNER
from cases.api.auditing import restricted_case_rows_audit
from cases.dates import uncertain_date
from cases.models import Action, Appeal, AppealAuthority, AppealText, AppealViolation, Footnote
from cases.outward import ACTION, APPEAL, APPEAL_TEXT, FOOTNOTE
from cases.selectors import (
    appeal_reference_condition,
    case_record_tombstones_since,
    cases_for_audience,
)


class AppealTextSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppealText
        fields = APPEAL_TEXT.names()


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ACTION.names()


class FootnoteSerializer(serializers.ModelSerializer):
    # The uncertain date in the API's form, and its earliest day (cases/outward.py).
    date = serializers.SerializerMethodField()
    date_earliest = serializers.DateField(source="date", read_only=True, allow_null=True)
    cited_appeal = serializers.UUIDField(source="cited_appeal_id", read_only=True, allow_null=True)

    class Meta:
        model = Footnote
        fields = FOOTNOTE.names()

    def get_date(self, footnote: Footnote) -> str | None:
        value = uncertain_date(footnote, "date")
        return value.iso() if value else None


class AddressedAuthoritySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="authority_id", read_only=True)
    name = serializers.CharField(source="authority.__str__", read_only=True)

    class Meta:
        model = AppealAuthority
        fields = ["id", "name", "position"]


class AppealSerializer(serializers.ModelSerializer):
    """An appeal with its texts, actions and the authorities it is addressed to (by id: the
    directory is /api/v1/authorities/)."""

    case = serializers.UUIDField(source="case_id", read_only=True)
    # In the order the appeal prints them.
    violations = serializers.SerializerMethodField()
    texts = AppealTextSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    footnotes = FootnoteSerializer(many=True, read_only=True)
    authorities = AddressedAuthoritySerializer(
        source="appeal_authorities", many=True, read_only=True
    )
    issuer = serializers.CharField(source="issuer_name", read_only=True)
    issuer_slug = serializers.SlugField(source="issuer.slug", read_only=True)
    issued_by_organisation = serializers.BooleanField(source="issuer.is_own", read_only=True)

    class Meta:
        model = Appeal
        fields = APPEAL.names()

    def get_violations(self, appeal: Appeal) -> list[str]:
        return [link.violationlabel.slug for link in appeal.violation_links.all()]


class AppealFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        field_name="case__country",
        choices=list(countries),
        help_text=_("The case's country, ISO 3166-1 alpha-2, e.g. KG."),
    )
    case = django_filters.UUIDFilter(field_name="case_id")
    issued = django_filters.BooleanFilter(
        field_name="issued_at", lookup_expr="isnull", exclude=True, help_text=_("Staff only.")
    )
    reference = django_filters.CharFilter(
        method="filter_reference",
        help_text=_(
            "A reference or index number in any archived spelling, e.g. KGZ 003/0425/OBS 041.01 "
            "or UA 182/14."
        ),
    )
    issuer = django_filters.CharFilter(field_name="issuer__slug", help_text=_("An issuer's slug."))
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Appeal
        fields = ["country", "case"]

    def filter_reference(self, queryset, name, value):
        return queryset.filter(appeal_reference_condition(value))


@extend_schema_view(tombstones=tombstones_schema("appeal"))
class AppealViewSet(TombstonesMixin, SyncReadViewSet):
    """Appeals: partners read issued appeals of public cases; staff read all, drafts included."""

    queryset = Appeal.objects.all()
    serializer_class = AppealSerializer
    filterset_class = AppealFilter

    def get_queryset(self):
        who = audience(self.request)
        appeals = Appeal.objects.filter(
            case__in=cases_for_audience(audience=who, user=self.request.user)
        )
        if who == PARTNER:
            appeals = appeals.filter(issued_at__isnull=False)
        return appeals

    def tombstones_since(self, *, since, audience):
        return case_record_tombstones_since(
            model=Appeal, visible=self.get_queryset(), since=since, audience=audience
        )

    def shape(self, queryset):
        # The case (a join): whether it is restricted, for the audit log.
        return queryset.select_related("case", "issuer").prefetch_related(
            Prefetch(
                "violation_links",
                queryset=AppealViolation.objects.select_related("violationlabel"),
            ),
            "texts",
            "actions",
            "footnotes",
            Prefetch(
                "appeal_authorities",
                queryset=AppealAuthority.objects.select_related("authority"),
            ),
        )

    def audit_read(self, rows, *, via):
        restricted_case_rows_audit(request=self.request, rows=rows, via=via)
