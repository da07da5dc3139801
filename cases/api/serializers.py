"""Request bodies of the case API's writes. They check shapes and types only: every rule of
the domain is the services' (cases.services.case_create, case_update, case_appeal_issue), so
the admin and the API apply the same ones."""

from rest_framework import serializers

from appeals_site.api.serializers import StrictSerializer
from appeals_site.languages import text_language_choices
from cases.models import Appeal, Case, Charge, DetentionPeriod, Event, Hearing


class RecordSerializer(StrictSerializer):
    """A nested record: with an `id`, an update of that record; without, a new one."""

    id = serializers.UUIDField(
        required=False, help_text="The record to update; leave out to create one."
    )


class ChargeWriteSerializer(RecordSerializer):
    defender = serializers.UUIDField(help_text="One of the case's defenders.")
    instrument_kind = serializers.ChoiceField(Charge.InstrumentKind.choices, required=False)
    instrument = serializers.CharField(allow_blank=True)
    article = serializers.CharField(allow_blank=True)
    offence = serializers.CharField(allow_blank=True)
    maximum_penalty = serializers.CharField(required=False, allow_blank=True)
    date_brought = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(Charge.Status.choices, required=False)
    replaced_by = serializers.UUIDField(
        required=False, allow_null=True, help_text="A charge of the same case, already recorded."
    )
    sentence = serializers.CharField(required=False, allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True)


class DetentionExtensionWriteSerializer(StrictSerializer):
    # No id: extensions and external references have no public id (their keys are counters),
    # so a list given replaces them all.
    ordered_on = serializers.DateField()
    term_days = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    term_months = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    ordered_by = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class DetentionPeriodWriteSerializer(RecordSerializer):
    defender = serializers.UUIDField(help_text="One of the case's defenders.")
    kind = serializers.ChoiceField(DetentionPeriod.Kind.choices)
    start_date = serializers.DateField()
    term_days = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    term_months = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    ordered_by = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True)
    incommunicado = serializers.BooleanField(required=False)
    actual_end = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    extensions = DetentionExtensionWriteSerializer(
        many=True, required=False, help_text="Given: replaces the period's extensions."
    )


class HearingWriteSerializer(RecordSerializer):
    court = serializers.CharField(allow_blank=True)
    city = serializers.CharField(required=False, allow_blank=True)
    local_date = serializers.DateField(help_text="The date in the court's own time zone.")
    local_time = serializers.TimeField(
        required=False, allow_null=True, help_text="The time in the court's own time zone."
    )
    time_zone = serializers.CharField(help_text="The court's IANA time zone, e.g. Asia/Bishkek.")
    purpose = serializers.ChoiceField(Hearing.Purpose.choices)
    status = serializers.ChoiceField(Hearing.Status.choices, required=False)
    outcome = serializers.CharField(required=False, allow_blank=True)
    observers_attending = serializers.BooleanField(required=False)
    defenders = serializers.ListField(child=serializers.UUIDField(), required=False)
    move_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Why the hearing moved, when it did."
    )


class EventWriteSerializer(RecordSerializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(Event.Kind.choices)
    description = serializers.CharField(allow_blank=True)
    seized_items = serializers.CharField(required=False, allow_blank=True)
    citation = serializers.CharField(required=False, allow_blank=True)
    source_identity = serializers.CharField(required=False, allow_blank=True)
    disclosed_fields = serializers.ListField(child=serializers.CharField(), required=False)
    defenders = serializers.ListField(child=serializers.UUIDField(), required=False)
    unnamed_groups = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        help_text="Ids of the case's unnamed people already recorded.",
    )


class UnnamedGroupWriteSerializer(RecordSerializer):
    description = serializers.CharField(help_text='As printed: "a dozen other lawyers".')
    count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    count_approximate = serializers.BooleanField(required=False)


class ExternalReferenceWriteSerializer(StrictSerializer):
    issuer = serializers.CharField(allow_blank=True)
    reference = serializers.CharField(allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)
    url = serializers.CharField(required=False, allow_blank=True)


class CaseWriteSerializer(StrictSerializer):
    """A case with its records. On PATCH every key is optional, and a list given replaces
    that list: items with an `id` are updated, items without are created, records left out
    are deleted."""

    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code, e.g. KG.")
    time_zone = serializers.CharField(required=False, help_text="IANA name, e.g. Asia/Bishkek.")
    title = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(
        Case.Status.choices, required=False, help_text="Only reviewers publish."
    )
    summary = serializers.CharField(required=False, allow_blank=True)
    background = serializers.CharField(required=False, allow_blank=True)
    internal_notes = serializers.CharField(required=False, allow_blank=True)
    disclosed_fields = serializers.ListField(child=serializers.CharField(), required=False)
    violations = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Violation labels' slugs."
    )
    defenders = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Existing defenders' ids."
    )
    target_authorities = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        help_text="Existing authorities' ids, in the order appeals list them.",
    )
    charges = ChargeWriteSerializer(many=True, required=False)
    detention_periods = DetentionPeriodWriteSerializer(many=True, required=False)
    hearings = HearingWriteSerializer(many=True, required=False)
    events = EventWriteSerializer(many=True, required=False)
    external_references = ExternalReferenceWriteSerializer(many=True, required=False)
    unnamed_groups = UnnamedGroupWriteSerializer(
        many=True,
        required=False,
        help_text="Given: replaces the case's unnamed people; events name them by id.",
    )

    confidential_model = Case


class AppealTextWriteSerializer(StrictSerializer):
    language = serializers.ChoiceField(text_language_choices(), help_text="ISO 639-1 code.")
    is_original = serializers.BooleanField(required=False)
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    background = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class ActionWriteSerializer(StrictSerializer):
    language = serializers.ChoiceField(text_language_choices(), help_text="ISO 639-1 code.")
    position = serializers.IntegerField(min_value=0)
    text = serializers.CharField(required=False, allow_blank=True)
    clause = serializers.IntegerField(
        required=False, allow_null=True, help_text="A standard action's id: its text is copied in."
    )


class AppealIssueSerializer(StrictSerializer):
    """An appeal to create on the case and issue at once. Left out: the authorities and
    violations are the case's, the text is the case's title, summary and background."""

    intervention_type = serializers.ChoiceField(Appeal.InterventionType.choices, required=False)
    issue_date = serializers.DateField(
        required=False, help_text="Default: today in the case's time zone."
    )
    texts = AppealTextWriteSerializer(many=True, required=False)
    actions = ActionWriteSerializer(many=True, required=False)
    authorities = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Authorities' ids, in order."
    )
    violations = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Violation labels' slugs."
    )


class AppealIssuedSerializer(serializers.Serializer):
    """The appeal just issued."""

    id = serializers.UUIDField()
    case = serializers.UUIDField()
    reference = serializers.CharField()
    sequence = serializers.IntegerField()
    intervention_type = serializers.ChoiceField(Appeal.InterventionType.choices)
    issue_date = serializers.DateField()
    issued_at = serializers.DateTimeField()
