"""The baseline for bench/api.py: what a Django developer would write first for "a page of
whole cases" with Django REST framework. Nested ModelSerializers for every relation, and the
obvious prefetch_related (each nested list prefetched once for the page, with select_related
for the authorities behind the link tables), so that the query count does not grow with the
page: this is a fair baseline, not a strawman with N+1 queries. Rendered with DRF's
JSONRenderer.

It gives the same document as cases.api.documents for a partner, except that confidential
fields are always left out (no per-record disclosure) and timestamps are DRF's ("Z" for UTC).

Not a module of the application: nothing imports it but the benchmark.
"""

import zoneinfo

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from authorities.models import Authority
from cases.detention import Span, continuous_detention
from cases.models import (
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    Case,
    CaseAuthority,
    Charge,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Hearing,
    HearingMove,
)
from defenders.models import Defender


class AuthoritySerializer(serializers.ModelSerializer):
    contacts = serializers.SerializerMethodField()

    class Meta:
        model = Authority
        fields = (
            "id",
            "person_name",
            "post",
            "country",
            "seat",
            "postal_address",
            "salutation",
            "language",
            "office_start",
            "office_end",
            "contacts",
        )

    def get_contacts(self, authority):
        return [
            {"kind": c.kind, "value": c.value, "position": c.position}
            for c in authority.contacts.all()
        ]


class _AuthorityLinkSerializer(serializers.ModelSerializer):
    """A case's or an appeal's authority, with its position in the list."""

    def to_representation(self, link):
        data = AuthoritySerializer(link.authority, context=self.context).data
        data["position"] = link.position
        return data


class CaseAuthoritySerializer(_AuthorityLinkSerializer):
    class Meta:
        model = CaseAuthority
        fields = ("position", "authority")


class AppealAuthoritySerializer(_AuthorityLinkSerializer):
    class Meta:
        model = AppealAuthority
        fields = ("position", "authority")


class DefenderSerializer(serializers.ModelSerializer):
    areas_of_work = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    detained_since = serializers.SerializerMethodField()
    days_detained = serializers.SerializerMethodField()

    class Meta:
        model = Defender
        fields = (
            "id",
            "full_name",
            "local_name",
            "gender",
            "role",
            "organisation",
            "country",
            "city",
            "region",
            "situation",
            "areas_of_work",
            "detained_since",
            "days_detained",
        )

    def _detention(self, defender):
        spans = [Span(p.start_date, p.actual_end) for p in defender.detention_periods.all()]
        return continuous_detention(spans, self.context["today"])

    def get_detained_since(self, defender):
        detention = self._detention(defender)
        return detention.since if detention else None

    def get_days_detained(self, defender):
        detention = self._detention(defender)
        return detention.days if detention else None


class ChargeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Charge
        fields = (
            "id",
            "defender",
            "replaced_by",
            "instrument_kind",
            "instrument",
            "article",
            "offence",
            "maximum_penalty",
            "date_brought",
            "status",
            "sentence",
            "decided_on",
        )


class DetentionExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DetentionExtension
        fields = ("ordered_on", "term_days", "term_months", "ordered_by")


class DetentionPeriodSerializer(serializers.ModelSerializer):
    extensions = DetentionExtensionSerializer(many=True, read_only=True)
    days_held = serializers.SerializerMethodField()

    class Meta:
        model = DetentionPeriod
        fields = (
            "id",
            "defender",
            "kind",
            "start_date",
            "term_days",
            "term_months",
            "term_ends_on",
            "ordered_by",
            "place",
            "incommunicado",
            "actual_end",
            "extensions",
            "days_held",
        )

    def get_days_held(self, period):
        today = self.context["today"]
        if period.start_date > today:
            return None
        return (min(period.actual_end or today, today) - period.start_date).days


class HearingMoveSerializer(serializers.ModelSerializer):
    class Meta:
        model = HearingMove
        fields = (
            "from_date",
            "from_time",
            "from_time_zone",
            "to_date",
            "to_time",
            "to_time_zone",
            "reason",
            "moved_at",
        )


class HearingSerializer(serializers.ModelSerializer):
    moves = HearingMoveSerializer(many=True, read_only=True)

    class Meta:
        model = Hearing
        fields = (
            "id",
            "court",
            "city",
            "local_date",
            "local_time",
            "time_zone",
            "starts_at",
            "purpose",
            "status",
            "outcome",
            "observers_attending",
            "defenders",
            "moves",
        )


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = (
            "id",
            "date",
            "kind",
            "description",
            "seized_items",
            "citation",
            "defenders",
        )


class AppealTextSerializer(serializers.ModelSerializer):
    class Meta:
        model = AppealText
        fields = ("language", "is_original", "title", "description", "background", "notes")


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ("language", "position", "text")


class AppealSerializer(serializers.ModelSerializer):
    violations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    texts = AppealTextSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    authorities = AppealAuthoritySerializer(source="appeal_authorities", many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = (
            "id",
            "reference",
            "sequence",
            "intervention_type",
            "issuer",
            "issue_date",
            "issued_at",
            "violations",
            "texts",
            "actions",
            "authorities",
        )


class ExternalReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExternalReference
        fields = ("issuer", "reference", "date", "url")


class CaseSerializer(serializers.ModelSerializer):
    violations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    defenders = DefenderSerializer(many=True, read_only=True)
    charges = ChargeSerializer(many=True, read_only=True)
    detention_periods = DetentionPeriodSerializer(many=True, read_only=True)
    hearings = HearingSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    appeals = AppealSerializer(many=True, read_only=True)
    target_authorities = CaseAuthoritySerializer(
        source="case_authorities", many=True, read_only=True
    )
    external_references = ExternalReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = (
            "id",
            "reference",
            "country",
            "time_zone",
            "title",
            "status",
            "summary",
            "background",
            "published_at",
            "created_at",
            "updated_at",
            "violations",
            "defenders",
            "charges",
            "detention_periods",
            "hearings",
            "events",
            "appeals",
            "target_authorities",
            "external_references",
        )

    def to_representation(self, case):
        # Days held and detained count in the case's own time zone.
        zone = zoneinfo.ZoneInfo(case.time_zone)
        self.context["today"] = timezone.localtime(timezone.now(), zone).date()
        return super().to_representation(case)


def baseline_queryset(case_ids):
    """The page's cases with every nested list prefetched: one query per relation."""
    return (
        Case.objects.filter(pk__in=case_ids)
        .order_by("updated_at", "pk")
        .prefetch_related(
            "violations",
            "defenders__areas_of_work",
            "defenders__detention_periods",
            "charges",
            "detention_periods__extensions",
            "hearings__defenders",
            "hearings__moves",
            "events__defenders",
            Prefetch("appeals", queryset=Appeal.objects.filter(reference__isnull=False)),
            "appeals__violations",
            "appeals__texts",
            "appeals__actions",
            Prefetch(
                "appeals__appeal_authorities",
                queryset=AppealAuthority.objects.select_related("authority"),
            ),
            "appeals__appeal_authorities__authority__contacts",
            Prefetch(
                "case_authorities", queryset=CaseAuthority.objects.select_related("authority")
            ),
            "case_authorities__authority__contacts",
            "external_references",
        )
    )


def page_json(case_ids) -> bytes:
    """Return the page as the response body: {"results": [...]} (no "next"/"until")."""
    data = CaseSerializer(baseline_queryset(case_ids), many=True).data
    return JSONRenderer().render({"results": data})
