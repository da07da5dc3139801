"""Request bodies of the case API's writes. They check shapes and types only: every rule of
the domain is the services' (cases.services.case_create, case_update, case_appeal_issue), so
the admin and the API apply the same ones."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from appeals_site.api.permissions import audience
from appeals_site.api.serializers import StrictSerializer
from appeals_site.languages import text_language_choices
from cases.dates import UncertainDate
from cases.models import (
    Appeal,
    Case,
    Charge,
    Decision,
    DetentionPeriod,
    Event,
    Hearing,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
)
from cases.selectors import source_appeal_visible

UNCERTAIN_DATE_HELP = (
    "A date as precise as the source: 2019-03-14 (a day), 2019-03 (a month), 2019 (a year), "
    "2012-autumn (a season: spring, summer, autumn, winter), 2019-11-03/2019-11-09 (between "
    "two dates), and any of them followed by ~ for about (2015~)."
)


@extend_schema_field(OpenApiTypes.STR)
class UncertainDateField(serializers.Field):
    """An uncertain date (cases.dates.UncertainDate) in the API's form."""

    default_error_messages = {
        "invalid": "Not a date: give 2019-03-14, 2019-03, 2019, 2012-autumn, "
        "2019-11-03/2019-11-09 or one of them followed by ~."
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", UNCERTAIN_DATE_HELP)
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> UncertainDate:
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return UncertainDate.parse(data)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value: UncertainDate) -> str:
        return value.iso()


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "reference": {"type": "string", "nullable": True},
        },
        "required": ["id", "reference"],
    }
)
class SourceAppealField(serializers.Field):
    """The appeal a fact is attributed to (`stated_in`, `changed_in`), read-only, as
    {"id", "reference"}; null when none is recorded or the reader may not see it
    (cases.selectors.source_appeal_visible). `same_case`: the record is of the appeal's case
    (a defender's record may name an appeal of another of their cases). The serializer's
    queryset loads the appeal (and, for another case's, its case)."""

    def __init__(self, *, same_case: bool = True, **kwargs):
        self.same_case = same_case
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        # The appeal itself, or None (Field.get_attribute would skip to_representation).
        return getattr(instance, self.source_attrs[0])

    def to_representation(self, value: Appeal | None):
        request = self.context["request"]
        if not source_appeal_visible(
            value, audience=audience(request), user=request.user, same_case=self.same_case
        ):
            return None
        return {"id": str(value.pk), "reference": value.reference}


def wording_field(help_text: str, max_length: int = 300) -> serializers.CharField:
    """Return a field of the source's own words for a fact (not a date)."""
    return serializers.CharField(
        required=False, allow_blank=True, max_length=max_length, help_text=help_text
    )


def as_printed_field() -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text='The source\'s own words for the date when they differ ("early June").',
    )


class RecordSerializer(StrictSerializer):
    """A nested record: with an `id`, an update of that record; without, a new one."""

    id = serializers.UUIDField(
        required=False, help_text="The record to update; leave out to create one."
    )


class ChargeWriteSerializer(RecordSerializer):
    defenders = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        help_text="The case's defenders charged (a joint charge names several).",
    )
    instrument_kind = serializers.ChoiceField(Charge.InstrumentKind.choices, required=False)
    instrument = serializers.CharField(required=False, allow_blank=True)
    article = serializers.CharField(
        required=False, allow_blank=True, help_text="Blank when the source names the offence only."
    )
    offence = serializers.CharField(required=False, allow_blank=True)
    maximum_penalty = serializers.CharField(required=False, allow_blank=True)
    date_brought = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(Charge.Status.choices, required=False)
    replaced_by = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        allow_null=True,
        help_text="Charges of the same proceeding, already recorded.",
    )
    ended_on = serializers.DateField(required=False, allow_null=True)
    date_brought_as_printed = as_printed_field()
    ended_on_as_printed = as_printed_field()
    dropped_by = serializers.CharField(required=False, allow_blank=True, max_length=300)
    grounds_as_printed = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SentencePartWriteSerializer(StrictSerializer):
    # No id: a ruling's parts given replace its stored ones (a part equal to one is kept).
    kind = serializers.ChoiceField(SentencePart.Kind.choices)
    charge = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="A charge of the proceeding, already recorded; null: the overall sentence.",
    )
    years = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=200)
    months = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2400)
    days = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=73000)
    suspension = serializers.ChoiceField(
        SentencePart.Suspension.choices, required=False, allow_blank=True
    )
    suspension_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=200
    )
    suspension_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2400
    )
    amount = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=10**15
    )
    currency = serializers.CharField(required=False, allow_blank=True)
    detail = serializers.CharField(required=False, allow_blank=True)
    regime = wording_field(
        'Where or how it is served, as printed: "medium-security penal colony".', max_length=200
    )
    as_printed = wording_field("The part as printed.", max_length=500)
    term_as_printed = wording_field("The term as printed.", max_length=200)
    suspension_as_printed = wording_field(
        "The suspension or probation as printed (with `suspension` only).", max_length=200
    )
    suspension_term_as_printed = wording_field(
        "The term of suspension or probation as printed (with `suspension` only).", max_length=200
    )


class RulingWriteSerializer(StrictSerializer):
    # Known by its defender and the charges it rules on: a decision may rule on a defender
    # more than once (convicted of one charge, acquitted of another).
    defender = serializers.UUIDField(help_text="One of the case's defenders.")
    charges = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        allow_null=True,
        help_text=(
            "The defender's charges it rules on: charges of the proceeding, already recorded; "
            "empty: the decision's charges against the defender."
        ),
    )
    outcome = serializers.ChoiceField(Ruling.Outcome.choices, required=False, allow_blank=True)
    outcome_as_printed = wording_field("The outcome as printed.", max_length=500)
    as_printed = serializers.CharField(required=False, allow_blank=True)
    unchanged_as_printed = wording_field(
        "What a reduced or amended sentence left unchanged, as printed.", max_length=500
    )
    sentence = SentencePartWriteSerializer(
        many=True, required=False, help_text="Given: replaces the parts of the sentence imposed."
    )
    requested_sentence = SentencePartWriteSerializer(
        many=True,
        required=False,
        help_text="Given: replaces the parts of the sentence the prosecution requested.",
    )


class DecisionWriteSerializer(RecordSerializer):
    date = serializers.DateField(required=False, allow_null=True)
    date_as_printed = as_printed_field()
    court = serializers.CharField(required=False, allow_blank=True)
    instance = serializers.ChoiceField(Decision.Instance.choices, required=False, allow_blank=True)
    charges = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        allow_null=True,
        help_text="The charges it rules on: charges of the proceeding, already recorded.",
    )
    notes = serializers.CharField(required=False, allow_blank=True)
    appeal_lodged = serializers.BooleanField(
        required=False, allow_null=True, help_text="Null: the source does not say."
    )
    appeal_lodged_by = wording_field("As printed.")
    appeal_lodged_as_printed = wording_field("The appeal as printed.", max_length=500)
    rulings = RulingWriteSerializer(
        many=True, required=False, help_text="Given: replaces the decision's rulings."
    )


class ProceedingWriteSerializer(RecordSerializer):
    kind = serializers.ChoiceField(Proceeding.Kind.choices, required=False)
    name = serializers.CharField(required=False, allow_blank=True)
    court = wording_field("As printed; blank: not named.")
    prosecution_appealed = serializers.BooleanField(
        required=False, allow_null=True, help_text="Null: the source does not say."
    )
    prosecution_appealed_as_printed = serializers.CharField(
        required=False, allow_blank=True, max_length=500
    )
    charges = ChargeWriteSerializer(many=True, required=False)
    decisions = DecisionWriteSerializer(many=True, required=False)


class DetentionExtensionWriteSerializer(StrictSerializer):
    # No id: extensions and external references have no public id (their keys are counters),
    # so a list given replaces them all.
    ordered_on = serializers.DateField()
    ordered_on_as_printed = as_printed_field()
    term_days = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    term_months = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    until = serializers.DateField(
        required=False, allow_null=True, help_text="Extended until this date."
    )
    until_as_printed = as_printed_field()
    ordered_by = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class DetentionPeriodWriteSerializer(RecordSerializer):
    defender = serializers.UUIDField(help_text="One of the case's defenders.")
    kind = serializers.ChoiceField(DetentionPeriod.Kind.choices)
    kind_as_printed = wording_field('The measure as printed: "medidas sustitutivas".')
    # Null: the source gives no start, or one that does not exist ("31 June 2022 [sic]": then
    # give it as printed).
    start_date = UncertainDateField(required=False, allow_null=True)
    start_date_as_printed = as_printed_field()
    continues_previous = serializers.BooleanField(
        required=False, help_text="Custody ran on from the previous period (days count as one)."
    )
    term_years = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    term_days = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    term_months = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    term_until = serializers.DateField(
        required=False, allow_null=True, help_text='A term stated by its end ("until 14 August").'
    )
    term_as_printed = wording_field('The term as printed: "two months".', 200)
    term_until_as_printed = as_printed_field()
    ordered_by = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    reporting_every = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="With reporting_unit: every 15 days.",
    )
    reporting_unit = serializers.ChoiceField(
        DetentionPeriod.Unit.choices, required=False, allow_blank=True
    )
    reporting_weekday = serializers.ChoiceField(
        DetentionPeriod.Weekday.choices, required=False, allow_blank=True
    )
    reporting_place = serializers.CharField(required=False, allow_blank=True)
    reporting_as_printed = wording_field('The reporting as printed: "every fifteen days".')
    breach_date = UncertainDateField(required=False, allow_null=True)
    breach_date_as_printed = as_printed_field()
    breach_as_printed = wording_field('The breach as printed: "he did not report to the police".')
    legal_basis_gap_from = UncertainDateField(required=False, allow_null=True)
    legal_basis_gap_from_as_printed = as_printed_field()
    legal_basis_gap_to = UncertainDateField(required=False, allow_null=True)
    legal_basis_gap_to_as_printed = as_printed_field()
    legal_basis_gap_as_printed = wording_field('As printed: "without any decision".')
    runs_with = serializers.UUIDField(
        required=False, allow_null=True, help_text="Another measure of the case, already recorded."
    )
    incommunicado = serializers.BooleanField(required=False)
    actual_end = UncertainDateField(required=False, allow_null=True)
    actual_end_as_printed = as_printed_field()
    ended = serializers.BooleanField(
        required=False, help_text="Ended, even on a day not known (true with an actual end)."
    )
    ended_as_printed = wording_field('The end as printed: "the ban was lifted".')
    end_not_stated = serializers.BooleanField(required=False)
    reason_not_stated = serializers.BooleanField(required=False)
    unstated_as_printed = wording_field("What the source says was left unstated, as printed.")
    notes = serializers.CharField(required=False, allow_blank=True)
    extensions = DetentionExtensionWriteSerializer(
        many=True, required=False, help_text="Given: replaces the period's extensions."
    )


class HearingWriteSerializer(RecordSerializer):
    proceeding = serializers.UUIDField(
        required=False, allow_null=True, help_text="One of the case's proceedings."
    )
    court = serializers.CharField(
        required=False, allow_blank=True, help_text="Blank: the court is not named."
    )
    court_as_printed = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text='The source\'s words for the court when they differ: "a court in the capital".',
    )
    city = serializers.CharField(required=False, allow_blank=True)
    local_date = serializers.DateField(help_text="The date in the court's own time zone.")
    local_date_as_printed = as_printed_field()
    local_time = serializers.TimeField(
        required=False, allow_null=True, help_text="The time in the court's own time zone."
    )
    time_as_printed = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text='The source\'s words for the time when they differ: "10:00 local time".',
    )
    time_zone = serializers.CharField(help_text="The court's IANA time zone, e.g. Asia/Bishkek.")
    purpose = serializers.ChoiceField(
        Hearing.Purpose.choices, required=False, allow_blank=True, help_text="Blank: not stated."
    )
    purpose_as_printed = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text='The source\'s words for the purpose when they differ: "the initial hearing".',
    )
    status = serializers.ChoiceField(Hearing.Status.choices, required=False)
    outcome = serializers.CharField(required=False, allow_blank=True)
    observers_attending = serializers.BooleanField(required=False)
    summoned = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text="Whether the defenders were summoned to it; null: not stated.",
    )
    defenders = serializers.ListField(child=serializers.UUIDField(), required=False)
    move_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Why the hearing moved, when it did."
    )


class EventWriteSerializer(RecordSerializer):
    date = UncertainDateField()
    date_as_printed = as_printed_field()
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
    place = serializers.CharField(required=False, allow_blank=True, help_text="As printed.")
    actor = serializers.CharField(
        required=False, allow_blank=True, help_text="Who acted, as printed."
    )
    organisation = serializers.CharField(
        required=False, allow_blank=True, help_text="The organisation it befell, as printed."
    )
    charges = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        help_text="Ids of the case's charges already recorded that it brought or concerns.",
    )
    quotation = serializers.CharField(
        required=False, allow_blank=True, help_text="Words quoted, as printed. Confidential."
    )
    quoted_by = serializers.CharField(
        required=False, allow_blank=True, help_text="Whose words they are. Confidential."
    )
    reported_to_police = serializers.BooleanField(
        required=False, allow_null=True, help_text="Null: not stated."
    )
    investigation_opened = serializers.BooleanField(
        required=False, allow_null=True, help_text="Null: not stated."
    )


class UnnamedGroupWriteSerializer(RecordSerializer):
    description = serializers.CharField(help_text='As printed: "a dozen other lawyers".')
    count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    count_approximate = serializers.BooleanField(
        required=False,
        help_text='Approximate, with or without a count ("a dozen", "several hundred").',
    )
    count_qualifier = serializers.ChoiceField(
        UnnamedGroup.CountQualifier.choices,
        required=False,
        allow_blank=True,
        help_text='"at least", "more than": the count is a bound. Blank: not stated.',
    )
    city = serializers.CharField(required=False, allow_blank=True)
    released_on = UncertainDateField(required=False, allow_null=True)
    released_on_as_printed = as_printed_field()
    release_as_printed = serializers.CharField(
        required=False, allow_blank=True, help_text="The words that tell the release."
    )


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
    proceedings = ProceedingWriteSerializer(
        many=True,
        required=False,
        help_text="With their charges and decisions (rulings and sentences).",
    )
    detention_periods = DetentionPeriodWriteSerializer(many=True, required=False)
    hearings = HearingWriteSerializer(many=True, required=False)
    events = EventWriteSerializer(many=True, required=False)
    external_references = ExternalReferenceWriteSerializer(many=True, required=False)
    unnamed_groups = UnnamedGroupWriteSerializer(
        many=True,
        required=False,
        help_text="Given: replaces the case's unnamed people; events name them by id.",
    )
    source_appeal = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The id of an appeal of this case that states the facts written: records "
        "created get it as `stated_in` and `changed_in`, records changed as `changed_in`. "
        "Left out: no source is recorded.",
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


class FootnoteWriteSerializer(StrictSerializer):
    number = serializers.IntegerField(min_value=0, max_value=32767, help_text="As printed.")
    text = serializers.CharField(help_text="As printed.")
    date = UncertainDateField(
        required=False, allow_null=True, help_text="The date of what it cites; null: none given."
    )
    date_as_printed = as_printed_field()
    reference = wording_field(
        "The reference it cites, as printed; linked to the appeal on record it names.",
        max_length=100,
    )


class AppealIssueSerializer(StrictSerializer):
    """An appeal to create on the case and issue at once. Left out: the authorities and
    violations are the case's, the text is the case's title, summary and background, the
    issuer is the organisation, and the organisation's appeal gets a new reference code.

    An archival appeal is recorded with its `reference` as printed (its follow-up number is
    read from it) or, on a case that has its reference, with its follow-up number alone;
    series may have gaps. Another issuer's appeal keeps its own reference, or has none."""

    issuer = serializers.SlugField(
        required=False,
        help_text="An issuer's slug (an appeal's `issuer_slug`). Default: the organisation.",
    )
    issuer_as_printed = wording_field(
        'As the document names its issuer(s), e.g. "The Observatory and a partner".'
    )
    intervention_type = serializers.ChoiceField(Appeal.InterventionType.choices, required=False)
    intervention_type_as_printed = wording_field("As the document names it.", max_length=200)
    reference = serializers.CharField(
        required=False,
        allow_null=True,
        max_length=100,
        help_text="As printed, e.g. XYZ 001 / 0317 / OBS 012.3 or UA 117/21. Left out on the "
        "organisation's appeal: a new code is assigned.",
    )
    sequence = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=32767,
        help_text="The follow-up number (0 for the original), as printed; gaps are allowed.",
    )
    index_number = wording_field(
        "Another index the issuer gives it, e.g. Amnesty's ASA 19/1234/2020.", max_length=100
    )
    url = serializers.CharField(
        required=False, allow_blank=True, help_text="Where it is published."
    )
    issue_date = serializers.DateField(
        required=False, help_text="Default: today in the case's time zone."
    )
    issue_date_as_printed = as_printed_field()
    issuer_members = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The organisations a joint issuer names, as printed: one a line, in order.",
    )
    follow_up_of = wording_field(
        'The reference of the document it follows up, as printed: "UA 117/21".', max_length=100
    )
    action_deadline = serializers.DateField(
        required=False, allow_null=True, help_text="Campaigners are asked to act before it."
    )
    action_deadline_as_printed = as_printed_field()
    case_closed_as_printed = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text='The words with which the appeal closes the case, as printed: "The '
        'Observatory considers this case closed."',
    )
    embassy_clause = serializers.CharField(
        required=False, allow_blank=True, help_text="The request to write to embassies, as printed."
    )
    confirm_date_before_original = serializers.BooleanField(
        required=False,
        default=False,
        help_text="True to issue a follow-up dated before its original (otherwise a 400 on "
        "issue_date).",
    )
    texts = AppealTextWriteSerializer(many=True, required=False)
    actions = ActionWriteSerializer(many=True, required=False)
    authorities = serializers.ListField(
        child=serializers.UUIDField(), required=False, help_text="Authorities' ids, in order."
    )
    violations = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Violation labels' slugs."
    )
    footnotes = FootnoteWriteSerializer(
        many=True, required=False, help_text="The appeal's notes, in order."
    )


class AppealIssuedSerializer(serializers.Serializer):
    """The appeal just issued."""

    id = serializers.UUIDField()
    case = serializers.UUIDField()
    reference = serializers.CharField(allow_null=True)
    sequence = serializers.IntegerField(allow_null=True)
    issuer_slug = serializers.SlugField()
    intervention_type = serializers.ChoiceField(Appeal.InterventionType.choices)
    issue_date = serializers.DateField()
    issued_at = serializers.DateTimeField()
