"""The case documents (cases.api.documents) described for the OpenAPI schema.

These serializers never serialize anything: documents are built by the database and rendered
as they are. They must describe those dicts exactly, key for key (tests/cases/test_api_schema.py
validates real responses against the schema). Confidential fields are not required: partners
receive them only where staff disclosed them, and `disclosed_fields` only staff receive.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from appeals_site.languages import Language
from authorities.models import AuthorityContact
from cases.models import Appeal, Case, Charge, DetentionPeriod, Event, Hearing
from defenders.models import Defender


def _text(**kwargs):
    return serializers.CharField(allow_blank=True, **kwargs)


def _nullable_date(**kwargs):
    return serializers.DateField(allow_null=True, **kwargs)


def _nullable_int(**kwargs):
    return serializers.IntegerField(allow_null=True, **kwargs)


class ConfidentialSerializer(serializers.Serializer):
    """A record with confidential fields: each is optional (withheld from partners unless
    disclosed) and marked `x-confidential: true` (appeals_site.api.schema)."""

    disclosed_fields = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Staff only: the confidential fields disclosed for this record.",
    )


class AuthorityContactDocument(serializers.Serializer):
    kind = serializers.ChoiceField(AuthorityContact.Kind.choices)
    value = serializers.CharField()
    position = serializers.IntegerField()


class AuthorityDocument(serializers.Serializer):
    position = serializers.IntegerField(help_text="The order in which letters list them.")
    id = serializers.UUIDField()
    person_name = _text()
    post = serializers.CharField()
    country = _text(help_text="ISO 3166-1 alpha-2 code of the country the authority acts for.")
    seat = _text()
    postal_address = _text()
    salutation = _text()
    language = serializers.ChoiceField(Language.choices, allow_blank=True)
    office_start = _nullable_date()
    office_end = _nullable_date()
    contacts = AuthorityContactDocument(many=True)


class DefenderDocument(ConfidentialSerializer):
    confidential_model = Defender

    id = serializers.UUIDField()
    full_name = serializers.CharField()
    local_name = _text()
    gender = serializers.ChoiceField(Defender.Gender.choices)
    role = _text()
    organisation = _text()
    country = _text(help_text="ISO 3166-1 alpha-2 code.")
    city = _text()
    region = _text()
    situation = serializers.ChoiceField(Defender.Situation.choices)
    areas_of_work = serializers.ListField(child=serializers.CharField(), help_text="Slugs.")
    detained_since = _nullable_date(help_text="Held without a break since this date.")
    days_detained = _nullable_int(help_text="Days held, counted in the case's time zone.")
    health_notes = _text(required=False)
    family_notes = _text(required=False)
    home_address = _text(required=False)
    phone = _text(required=False, help_text="E.164.")
    internal_notes = _text(required=False)


class ChargeDocument(serializers.Serializer):
    id = serializers.UUIDField()
    defender = serializers.UUIDField()
    instrument_kind = serializers.ChoiceField(Charge.InstrumentKind.choices)
    instrument = serializers.CharField()
    article = serializers.CharField()
    offence = serializers.CharField()
    maximum_penalty = _text()
    date_brought = _nullable_date()
    status = serializers.ChoiceField(Charge.Status.choices)
    replaced_by = serializers.UUIDField(allow_null=True, help_text="The charge replacing it.")
    sentence = _text()
    decided_on = _nullable_date()


class DetentionExtensionDocument(serializers.Serializer):
    ordered_on = serializers.DateField()
    term_days = _nullable_int()
    term_months = _nullable_int()
    ordered_by = _text()


class DetentionPeriodDocument(serializers.Serializer):
    id = serializers.UUIDField()
    defender = serializers.UUIDField()
    kind = serializers.ChoiceField(DetentionPeriod.Kind.choices)
    start_date = serializers.DateField()
    term_days = _nullable_int()
    term_months = _nullable_int()
    term_ends_on = _nullable_date(help_text="When the term, with its extensions, runs out.")
    ordered_by = _text()
    place = _text()
    incommunicado = serializers.BooleanField()
    actual_end = _nullable_date()
    extensions = DetentionExtensionDocument(many=True)
    days_held = _nullable_int(help_text="Days of this period up to today (or its end).")


class HearingMoveDocument(serializers.Serializer):
    from_date = serializers.DateField()
    from_time = serializers.TimeField(allow_null=True)
    from_time_zone = serializers.CharField()
    to_date = serializers.DateField()
    to_time = serializers.TimeField(allow_null=True)
    to_time_zone = serializers.CharField()
    reason = _text()
    moved_at = serializers.DateTimeField()


class HearingDocument(serializers.Serializer):
    id = serializers.UUIDField()
    court = serializers.CharField()
    city = _text()
    local_date = serializers.DateField(help_text="The date in the court's own time zone.")
    local_time = serializers.TimeField(
        allow_null=True, help_text="The time in the court's own time zone."
    )
    time_zone = serializers.CharField(help_text="The court's IANA time zone.")
    starts_at = serializers.DateTimeField(help_text="The same instant in UTC.")
    purpose = serializers.ChoiceField(Hearing.Purpose.choices)
    status = serializers.ChoiceField(Hearing.Status.choices)
    outcome = _text()
    observers_attending = serializers.BooleanField()
    defenders = serializers.ListField(child=serializers.UUIDField())
    moves = HearingMoveDocument(many=True)


class EventDocument(ConfidentialSerializer):
    confidential_model = Event

    id = serializers.UUIDField()
    date = serializers.DateField()
    kind = serializers.ChoiceField(Event.Kind.choices)
    description = serializers.CharField()
    seized_items = _text()
    citation = _text()
    source_identity = _text(required=False)
    defenders = serializers.ListField(child=serializers.UUIDField())


class AppealTextDocument(serializers.Serializer):
    language = serializers.ChoiceField(Language.choices)
    is_original = serializers.BooleanField()
    title = serializers.CharField()
    description = _text()
    background = _text()
    notes = _text()


class ActionDocument(serializers.Serializer):
    language = serializers.ChoiceField(Language.choices)
    position = serializers.IntegerField()
    text = serializers.CharField()


class AppealDocument(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField(allow_null=True, help_text="Null on a draft (staff only).")
    sequence = _nullable_int(help_text="0 for the original appeal, 1, 2 … for follow-ups.")
    intervention_type = serializers.ChoiceField(Appeal.InterventionType.choices)
    issuer = _text()
    issue_date = _nullable_date()
    issued_at = serializers.DateTimeField(allow_null=True)
    violations = serializers.ListField(child=serializers.CharField(), help_text="Slugs.")
    texts = AppealTextDocument(many=True)
    actions = ActionDocument(many=True)
    authorities = AuthorityDocument(many=True)


class ExternalReferenceDocument(serializers.Serializer):
    issuer = serializers.CharField()
    reference = serializers.CharField()
    date = _nullable_date()
    url = _text()


class CaseDocument(ConfidentialSerializer):
    """A whole case: its defenders, charges, detention periods, hearings, events, appeals
    (partners: issued ones only) and target authorities."""

    confidential_model = Case

    id = serializers.UUIDField()
    reference = serializers.CharField(allow_null=True, help_text="Set by the first appeal.")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    time_zone = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(Case.Status.choices)
    summary = _text()
    background = _text()
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    internal_notes = _text(required=False)
    violations = serializers.ListField(child=serializers.CharField(), help_text="Slugs.")
    defenders = DefenderDocument(many=True)
    charges = ChargeDocument(many=True)
    detention_periods = DetentionPeriodDocument(many=True)
    hearings = HearingDocument(many=True)
    events = EventDocument(many=True)
    appeals = AppealDocument(many=True)
    target_authorities = AuthorityDocument(many=True)
    external_references = ExternalReferenceDocument(many=True)


# many=False: the list action answers one page object, not an array of them.
@extend_schema_serializer(many=False)
class CasePage(serializers.Serializer):
    results = CaseDocument(many=True)
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    until = serializers.DateTimeField(
        help_text="Give it as updated_since in the next incremental sync."
    )


class CaseTombstoneDocument(serializers.Serializer):
    case_id = serializers.UUIDField()
    reason = serializers.ChoiceField([("unpublished", "unpublished"), ("deleted", "deleted")])
    left_at = serializers.DateTimeField()


class CaseTombstones(serializers.Serializer):
    results = CaseTombstoneDocument(many=True)


class Error(serializers.Serializer):
    """Every error: the status, a code, what went wrong and, for 400, each field's reasons,
    named by its path in the request ("charges[1].article")."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


CASE_EXAMPLE = OpenApiExample(
    "A published case",
    response_only=True,
    value={
        "id": "5b0e2a5e-3f7e-4d8e-9d1f-8a6c0b1e2f30",
        "reference": "KGZ 003 / 0425 / OBS 041",
        "country": "KG",
        "time_zone": "Asia/Bishkek",
        "title": "Kyrgyzstan: Arbitrary detention of Ms. Aigerim Dzhaksybekova",
        "status": "published",
        "summary": "The lawyer was arrested in Osh on 27 March 2025.",
        "background": "",
        "published_at": "2025-04-14T09:00:00+00:00",
        "created_at": "2025-03-28T10:12:00+00:00",
        "updated_at": "2025-04-22T08:40:00+00:00",
        "violations": ["arbitrary-detention"],
        "defenders": [
            {
                "id": "0f6b1d0a-6f53-4a57-8f0e-2a9b5d6c7e81",
                "full_name": "Aigerim Dzhaksybekova",
                "local_name": "Айгерим Джаксыбекова",
                "gender": "female",
                "role": "lawyer",
                "organisation": "Fictional Rights Centre",
                "country": "KG",
                "city": "Osh",
                "region": "",
                "situation": "pre_trial_detention",
                "areas_of_work": ["fight-against-torture"],
                "detained_since": "2025-03-27",
                "days_detained": 26,
            }
        ],
        "charges": [],
        "detention_periods": [],
        "hearings": [],
        "events": [],
        "appeals": [],
        "target_authorities": [],
        "external_references": [],
    },
)
ERROR_EXAMPLE = OpenApiExample(
    "A charge without its article",
    response_only=True,
    status_codes=["400"],
    value={
        "status": 400,
        "code": "invalid",
        "detail": "The request is not valid: see errors.",
        "errors": {"charges[1].article": ["This field cannot be blank."]},
    },
)
