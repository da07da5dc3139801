"""The baseline for bench/api.py: what a Django developer would write first for "a page of
whole cases" with Django REST framework. Nested ModelSerializers for every relation, and the
obvious prefetch_related (each nested list prefetched once for the page, with select_related
for the authorities behind the link tables and for the appeals facts name as their sources),
so that the query count does not grow with the page: this is a fair baseline, not a strawman
with N+1 queries. Rendered with DRF's JSONRenderer.

It gives the same document as cases.api.documents for a partner: confidential fields are
left out unless disclosed for the record, days detained come from the same arithmetic
(cases.detention), and timestamps are DRF's ("Z" for UTC). Each serializer's plain fields are
its record's outward columns (cases/outward.py, defenders/outward.py, authorities/outward.py),
as a developer keeping one list of fields would write it, so that a field added there is in
the baseline too; its relations and computed values are written here by hand.

Not a module of the application: nothing imports it but the benchmark.
"""

import zoneinfo

from django.db.models import Prefetch
from django.utils import timezone
from django_countries.fields import Country
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from appeals_site.outward import SOURCE, UNCERTAIN_DATE, Record
from authorities.models import Authority, AuthorityContact
from authorities.outward import AUTHORITY, AUTHORITY_CONTACT
from cases.dates import uncertain_date
from cases.detention import Span, continuous_detention
from cases.models import (
    CUSTODY_KINDS,
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    Case,
    CaseAuthority,
    Charge,
    Decision,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Footnote,
    Hearing,
    HearingMove,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
    case_is_public,
)
from cases.outward import (
    ACTION,
    APPEAL,
    APPEAL_AUTHORITY,
    APPEAL_TEXT,
    CASE,
    CASE_AUTHORITY,
    CHARGE,
    DECISION,
    DETENTION_EXTENSION,
    DETENTION_PERIOD,
    EVENT,
    EXTERNAL_REFERENCE,
    FOOTNOTE,
    HEARING,
    HEARING_MOVE,
    PROCEEDING,
    RULING,
    SENTENCE_PART,
    UNNAMED_GROUP,
)
from defenders.models import Affiliation, Defender, OtherName
from defenders.outward import AFFILIATION, DEFENDER, OTHER_NAME


def _plain(record: Record) -> tuple[str, ...]:
    """The record's outward columns that are neither confidential, sources nor uncertain
    dates: what a ModelSerializer gives as they are."""
    return tuple(
        out.name
        for out in record.columns()
        if not out.confidential and out.kind not in (SOURCE, UNCERTAIN_DATE)
    )


class SourceField(serializers.Field):
    """The appeal a fact is attributed to, as {"id", "reference"}, if a partner may see it:
    an issued appeal (of a public case, when it may be another case's)."""

    def __init__(self, *, same_case: bool = True, **kwargs):
        self.same_case = same_case
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, appeal):
        if appeal.issued_at is None:
            return None
        case = appeal.case
        if not self.same_case and not case_is_public(
            status=case.status, published_at=case.published_at
        ):
            return None
        return {"id": str(appeal.pk), "reference": appeal.reference}


class RecordSerializer(serializers.ModelSerializer):
    """A record's plain fields, its sources (stated_in, changed_in), its uncertain dates in
    the API's form, and its confidential fields where staff disclosed them."""

    same_case = True

    def get_fields(self):
        fields = super().get_fields()
        record = self.Meta.record
        for out in record.columns():
            if out.kind == SOURCE:
                fields[out.name] = SourceField(same_case=self.same_case)
        return fields

    def build_unknown_field(self, field_name, model_class):
        # An outward name for a model field of another name ("instance" is `level`).
        out = self.Meta.record.by_name.get(field_name)
        if out is not None and out.source:
            return serializers.ReadOnlyField, {"source": out.source}
        return super().build_unknown_field(field_name, model_class)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        record = self.Meta.record
        for out in record.columns():
            if out.kind == UNCERTAIN_DATE:
                value = uncertain_date(instance, out.name)
                data[out.name] = value.iso() if value else None
        disclosed = set(getattr(instance, "disclosed_fields", None) or [])
        for name in record.confidential():
            if name in disclosed:
                data[name] = getattr(instance, name)
        # A CountryField as the plain ModelSerializer maps it (no django-countries mixin)
        # gives its Country object: the code, as the API writes it.
        for name, value in data.items():
            if isinstance(value, Country):
                data[name] = value.code
        return data


def _meta(model, record: Record, *extra: str) -> type:
    """A serializer's Meta: the record's plain fields, its sources, then `extra`."""
    sources = tuple(out.name for out in record.columns() if out.kind == SOURCE)
    return type(
        "Meta",
        (),
        {"model": model, "record": record, "fields": (*_plain(record), *sources, *extra)},
    )


class AuthorityContactSerializer(RecordSerializer):
    Meta = _meta(AuthorityContact, AUTHORITY_CONTACT)


class AuthoritySerializer(RecordSerializer):
    contacts = AuthorityContactSerializer(many=True, read_only=True)
    Meta = _meta(Authority, AUTHORITY, "contacts")


class _AuthorityLinkSerializer(RecordSerializer):
    """A case's or an appeal's authority: the link's fields, then the authority's own."""

    def to_representation(self, link):
        data = super().to_representation(link)
        data.update(AuthoritySerializer(link.authority, context=self.context).data)
        return data


class CaseAuthoritySerializer(_AuthorityLinkSerializer):
    Meta = _meta(CaseAuthority, CASE_AUTHORITY)


class AppealAuthoritySerializer(_AuthorityLinkSerializer):
    Meta = _meta(AppealAuthority, APPEAL_AUTHORITY)


class OtherNameSerializer(RecordSerializer):
    same_case = False  # a defender's names may come from an appeal of another case
    Meta = _meta(OtherName, OTHER_NAME)


class AffiliationSerializer(RecordSerializer):
    same_case = False
    Meta = _meta(Affiliation, AFFILIATION)


class DefenderSerializer(RecordSerializer):
    areas_of_work = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    other_names = OtherNameSerializer(many=True, read_only=True)
    affiliations = AffiliationSerializer(many=True, read_only=True)
    Meta = _meta(Defender, DEFENDER, "areas_of_work", "other_names", "affiliations")

    def to_representation(self, defender):
        data = super().to_representation(defender)
        spans = [
            Span.of(
                start_date=p.start_date,
                start_date_latest=p.start_date_latest,
                start_date_precision=p.start_date_precision,
                actual_end=p.actual_end,
                continues_previous=p.continues_previous,
                closed_on=p.case.closed_on,
            )
            for p in defender.detention_periods.all()
            if p.kind in CUSTODY_KINDS
        ]
        detention = continuous_detention(spans, self.context["today"])
        data["detained_since"] = detention.since_value.iso() if detention else None
        data["days_detained"] = detention.days if detention else None
        data["days_detained_at_least"] = detention.at_least if detention else None
        data["days_detained_as_of"] = (
            (detention.until or self.context["today"]) if detention else None
        )
        data["detained_until"] = detention.until if detention and detention.until else None
        return data


class ChargeSerializer(RecordSerializer):
    Meta = _meta(Charge, CHARGE, "defenders", "replaced_by")


class SentencePartSerializer(RecordSerializer):
    Meta = _meta(SentencePart, SENTENCE_PART)


class RulingSerializer(RecordSerializer):
    Meta = _meta(Ruling, RULING, "charges")

    def to_representation(self, ruling):
        data = super().to_representation(ruling)
        parts = sorted(ruling.sentence_parts.all(), key=lambda p: p.position)
        data["sentence"] = SentencePartSerializer(
            [p for p in parts if not p.requested], many=True
        ).data
        data["requested_sentence"] = SentencePartSerializer(
            [p for p in parts if p.requested], many=True
        ).data
        return data


class DecisionSerializer(RecordSerializer):
    rulings = RulingSerializer(many=True, read_only=True)
    Meta = _meta(Decision, DECISION, "charges", "rulings")


class ProceedingSerializer(RecordSerializer):
    charges = ChargeSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    Meta = _meta(Proceeding, PROCEEDING, "charges", "decisions")


class DetentionExtensionSerializer(RecordSerializer):
    Meta = _meta(DetentionExtension, DETENTION_EXTENSION)


class DetentionPeriodSerializer(RecordSerializer):
    extensions = DetentionExtensionSerializer(many=True, read_only=True)
    Meta = _meta(DetentionPeriod, DETENTION_PERIOD, "extensions")

    def to_representation(self, period):
        data = super().to_representation(period)
        today = self.context["today"]
        start = period.start_date_latest or period.start_date
        # A start not known, or an end no source dates: its days are not counted.
        if start is None or start > today or (period.actual_end is None and period.ended):
            data["days_held"] = None
        else:
            end = period.actual_end or self.context["closed_on"] or today
            data["days_held"] = max((min(end, today) - start).days, 0)
        return data


class HearingMoveSerializer(RecordSerializer):
    Meta = _meta(HearingMove, HEARING_MOVE)


class HearingSerializer(RecordSerializer):
    moves = HearingMoveSerializer(many=True, read_only=True)
    Meta = _meta(Hearing, HEARING, "defenders", "moves")

    def to_representation(self, hearing):
        data = super().to_representation(hearing)
        if hearing.local_time is None:
            data["starts_at"] = None  # no time stated: no instant
        return data


class EventSerializer(RecordSerializer):
    Meta = _meta(Event, EVENT, "defenders", "unnamed_groups", "charges")


class UnnamedGroupSerializer(RecordSerializer):
    Meta = _meta(UnnamedGroup, UNNAMED_GROUP)


class AppealTextSerializer(RecordSerializer):
    Meta = _meta(AppealText, APPEAL_TEXT)


class ActionSerializer(RecordSerializer):
    Meta = _meta(Action, ACTION)


class FootnoteSerializer(RecordSerializer):
    Meta = _meta(Footnote, FOOTNOTE)


class AppealSerializer(RecordSerializer):
    issuer = serializers.CharField(source="issuer_name", read_only=True)
    issuer_slug = serializers.CharField(source="issuer.slug", read_only=True)
    issued_by_organisation = serializers.BooleanField(source="issuer.is_own", read_only=True)
    violations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    texts = AppealTextSerializer(many=True, read_only=True)
    actions = ActionSerializer(many=True, read_only=True)
    authorities = AppealAuthoritySerializer(source="appeal_authorities", many=True, read_only=True)
    footnotes = FootnoteSerializer(many=True, read_only=True)
    Meta = _meta(
        Appeal,
        APPEAL,
        "issuer",
        "issuer_slug",
        "issued_by_organisation",
        "violations",
        "texts",
        "actions",
        "authorities",
        "footnotes",
    )


class ExternalReferenceSerializer(RecordSerializer):
    Meta = _meta(ExternalReference, EXTERNAL_REFERENCE)


class CaseSerializer(RecordSerializer):
    # A partner's `updated_at` is when what they read last changed (Case.shared_at).
    updated_at = serializers.DateTimeField(source="shared_at", read_only=True)
    violations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    defenders = DefenderSerializer(many=True, read_only=True)
    proceedings = ProceedingSerializer(many=True, read_only=True)
    detention_periods = DetentionPeriodSerializer(many=True, read_only=True)
    hearings = HearingSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    appeals = AppealSerializer(many=True, read_only=True)
    target_authorities = CaseAuthoritySerializer(
        source="case_authorities", many=True, read_only=True
    )
    external_references = ExternalReferenceSerializer(many=True, read_only=True)
    unnamed_groups = UnnamedGroupSerializer(many=True, read_only=True)
    Meta = _meta(
        Case,
        CASE,
        "violations",
        "defenders",
        "proceedings",
        "detention_periods",
        "hearings",
        "events",
        "appeals",
        "target_authorities",
        "external_references",
        "unnamed_groups",
    )

    def to_representation(self, case):
        # Days held and detained count in the case's own time zone, up to its closing day.
        zone = zoneinfo.ZoneInfo(case.time_zone)
        self.context["today"] = timezone.localtime(timezone.now(), zone).date()
        self.context["closed_on"] = case.closed_on
        return super().to_representation(case)


# The appeals facts name as their sources, with what decides whether a partner sees them.
_SOURCES = ("stated_in", "changed_in")
_SOURCES_OTHER_CASE = ("stated_in__case", "changed_in__case")


def _with_sources(queryset, *, other_case: bool = False):
    return queryset.select_related(*(_SOURCES_OTHER_CASE if other_case else _SOURCES))


def baseline_queryset(case_ids):
    """The page's cases with every nested list prefetched: one query per relation."""
    return (
        Case.objects.filter(pk__in=case_ids)
        .order_by("updated_at", "pk")
        .prefetch_related(
            "violations",
            "defenders__areas_of_work",
            Prefetch(
                "defenders__other_names",
                queryset=_with_sources(OtherName.objects.all(), other_case=True),
            ),
            Prefetch(
                "defenders__affiliations",
                queryset=_with_sources(Affiliation.objects.all(), other_case=True),
            ),
            Prefetch(
                "defenders__detention_periods",
                queryset=DetentionPeriod.objects.select_related("case"),
            ),
            Prefetch("proceedings", queryset=_with_sources(Proceeding.objects.all())),
            Prefetch("proceedings__charges", queryset=_with_sources(Charge.objects.all())),
            "proceedings__charges__defenders",
            "proceedings__charges__replaced_by",
            Prefetch("proceedings__decisions", queryset=_with_sources(Decision.objects.all())),
            "proceedings__decisions__charges",
            Prefetch("proceedings__decisions__rulings", queryset=_with_sources(Ruling.objects)),
            Prefetch(
                "proceedings__decisions__rulings__sentence_parts",
                queryset=_with_sources(SentencePart.objects.all()),
            ),
            "proceedings__decisions__rulings__charges",
            Prefetch("detention_periods", queryset=_with_sources(DetentionPeriod.objects.all())),
            Prefetch(
                "detention_periods__extensions",
                queryset=_with_sources(DetentionExtension.objects.all()),
            ),
            Prefetch("hearings", queryset=_with_sources(Hearing.objects.all())),
            "hearings__defenders",
            "hearings__moves",
            Prefetch("events", queryset=_with_sources(Event.objects.all())),
            "events__defenders",
            "events__unnamed_groups",
            "events__charges",
            Prefetch(
                "appeals",
                queryset=Appeal.objects.filter(issued_at__isnull=False).select_related("issuer"),
            ),
            "appeals__violations",
            "appeals__texts",
            "appeals__actions",
            Prefetch(
                "appeals__appeal_authorities",
                queryset=AppealAuthority.objects.select_related("authority"),
            ),
            "appeals__appeal_authorities__authority__contacts",
            "appeals__footnotes",
            Prefetch(
                "case_authorities",
                queryset=_with_sources(CaseAuthority.objects.select_related("authority")),
            ),
            "case_authorities__authority__contacts",
            "external_references",
            Prefetch("unnamed_groups", queryset=_with_sources(UnnamedGroup.objects.all())),
        )
    )


def page_json(case_ids) -> bytes:
    """Return the page as the response body: {"results": [...]} (no "next"/"until")."""
    data = CaseSerializer(baseline_queryset(case_ids), many=True).data
    return JSONRenderer().render({"results": data})
