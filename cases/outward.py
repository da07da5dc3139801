"""What of a case and its records leaves the system (to partners' API documents, the schema,
the CSV export, letters) and what stays internal. One declaration per record type; how it is
used and how to add a field: appeals_site/outward.py and docs/api.md."""

from appeals_site.languages import text_language_choices
from appeals_site.outward import (
    BOOLEAN,
    CHOICE,
    DATE,
    DATETIME,
    INLINE,
    INTEGER,
    RECORDS,
    SLUGS,
    TIME,
    UNCERTAIN_DATE,
    UUID,
    UUIDS,
    Out,
    Record,
    declare,
    provenance,
)
from cases.dates import Precision
from cases.models import (
    Action,
    Appeal,
    AppealAuthority,
    AppealText,
    AppealViolation,
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
    Issuer,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
    ViolationLabel,
)

ISO_COUNTRY = "ISO 3166-1 alpha-2 code."
UNCERTAIN_HELP = (
    "As precise as the source: 2019-03-14, 2019-03, 2019, 2012-autumn, "
    "2019-11-03/2019-11-09, or one of them followed by ~ (about)."
)


def uncertain_date(
    name: str, *, nullable: bool = False, help: str = "", letter: bool = False
) -> tuple[Out, ...]:
    """Return the outward fields of the uncertain date `name` (cases.dates): the date in the
    API's form, its precision, its earliest and latest day, and the source's wording.
    `letter`: a letter reads the date (its earliest day, latest day and precision)."""
    return (
        Out(name, UNCERTAIN_DATE, nullable=nullable, help=f"{help} {UNCERTAIN_HELP}".strip()),
        Out(f"{name}_precision", CHOICE, choices=Precision.choices, letter=letter),
        Out(
            f"{name}_earliest",
            DATE,
            source=name,
            nullable=nullable,
            help="The earliest day.",
            letter=letter,
        ),
        Out(f"{name}_latest", DATE, nullable=True, help="The latest day.", letter=letter),
        Out(f"{name}_as_printed", blank=True, help="The source's own words, when they differ."),
    )


CASE = Record(
    Case,
    outward=(
        Out("id", UUID),
        Out("reference", nullable=True, help="Set by the first appeal."),
        Out("country", help=ISO_COUNTRY),
        Out("time_zone"),
        Out("title"),
        Out("status", CHOICE, choices=Case.Status.choices),
        Out("summary", blank=True),
        Out("background", blank=True),
        Out("published_at", DATETIME, nullable=True),
        Out(
            "closed_on",
            DATE,
            nullable=True,
            help="When the case was closed: days detained stop there.",
        ),
        Out("created_at", DATETIME),
        Out("updated_at", DATETIME),
        Out("internal_notes", blank=True, confidential=True),
        Out("violations", SLUGS, help="Slugs."),
        Out("defenders", RECORDS),
        Out("proceedings", RECORDS, help="Charges and decisions, by proceeding."),
        Out("detention_periods", RECORDS),
        Out("hearings", RECORDS),
        Out("events", RECORDS),
        Out("appeals", RECORDS),
        Out("target_authorities", RECORDS),
        Out("external_references", RECORDS),
        Out(
            "unnamed_groups",
            RECORDS,
            help='People the sources name only by a count: "a dozen other lawyers".',
        ),
    ),
    # is_restricted is read for the audit log, never sent; the public address is made from
    # the reference (cases.references.case_public_path).
    internal=(
        "assigned_staff",
        "is_restricted",
        "case_number",
        "reference_key",
        "public_slug",
        # Sent as partners' `updated_at` (cases.api.documents), not under its own name.
        "shared_at",
    ),
    csv=(
        "id",
        "reference",
        "country",
        "title",
        "status",
        "defenders",
        "situations",
        "violations",
        "next_hearing",
        "days_detained",
        "appeals",
        "updated_at",
        "api_url",
        "public_url",
        # Added after the columns clients may read by position (cases.api.exports).
        "issuers",
        "index_numbers",
        "other_names",
        "affiliations",
        "unnamed_groups",
        "charges",
        "decisions",
        "measures",
    ),
)

VIOLATION_LABEL = Record(
    ViolationLabel,
    outward=(
        Out("slug"),
        Out("name", help="In English."),
        Out("name_fr", blank=True, help="In French; blank: none given."),
        Out("name_es", blank=True, help="In Spanish; blank: none given."),
        Out("name_ru", blank=True, help="In Russian; blank: none given."),
    ),
    internal=("id",),
)

# An appeal's issuer leaves inside the appeal (APPEAL's issuer, issuer_slug and
# issued_by_organisation, made by cases.api.documents from these fields).
ISSUER = Record(
    Issuer,
    outward=(Out("slug"), Out("name"), Out("is_own", BOOLEAN)),
    internal=("id",),
)

CHARGE = Record(
    Charge,
    outward=(
        Out("id", UUID),
        Out("defenders", UUIDS, help="The defenders charged (a joint charge names several)."),
        Out("instrument_kind", CHOICE, choices=Charge.InstrumentKind.choices),
        Out("instrument", blank=True, letter=True),
        Out(
            "article", blank=True, help="Blank when the source names the offence only.", letter=True
        ),
        Out(
            "offence", blank=True, help="Blank when the source gives the article only.", letter=True
        ),
        Out("maximum_penalty", blank=True, letter=True),
        Out("date_brought", DATE, nullable=True, letter=True),
        Out("status", CHOICE, choices=Charge.Status.choices, letter=True),
        Out("replaced_by", UUIDS, help="The charges of the proceeding replacing it."),
        Out("ended_on", DATE, nullable=True, help="When it was dropped or replaced."),
        Out("date_brought_as_printed", blank=True, help="The date brought as printed."),
        Out("ended_on_as_printed", blank=True, help="The date it ended as printed."),
        Out("dropped_by", blank=True, help="As printed."),
        Out("grounds_as_printed", blank=True, help="Why it was brought or dropped, as printed."),
        *provenance(),
        # Added after the fields clients may read by position.
        *(
            Out(
                f"{name}_{language}",
                blank=True,
                letter=True,
                help=f"The {name.replace('_', ' ')} in {label}.",
            )
            for name in ("instrument", "offence", "maximum_penalty")
            for language, label in (("fr", "French"), ("es", "Spanish"), ("ru", "Russian"))
        ),
    ),
    internal=("proceeding", "case", "created_at", "updated_at"),
)

SENTENCE_PART = Record(
    SentencePart,
    outward=(
        Out("kind", CHOICE, choices=SentencePart.Kind.choices, letter=True),
        Out(
            "charge",
            UUID,
            source="charge_id",
            nullable=True,
            help="The charge this part is for; null: the overall sentence.",
        ),
        Out("years", INTEGER, nullable=True, help="The term's years; null: none.", letter=True),
        Out("months", INTEGER, nullable=True, help="The term's months; null: none.", letter=True),
        Out("days", INTEGER, nullable=True, help="The term's days; null: none.", letter=True),
        Out(
            "suspension",
            CHOICE,
            choices=SentencePart.Suspension.choices,
            blank=True,
            help="Suspended, on probation, or blank: neither.",
            letter=True,
        ),
        Out("suspension_years", INTEGER, nullable=True, letter=True),
        Out("suspension_months", INTEGER, nullable=True, letter=True),
        Out("amount", INTEGER, nullable=True, help="A fine's amount.", letter=True),
        Out("currency", blank=True, help="As printed.", letter=True),
        Out("detail", blank=True, help="What a ban bans, as printed.", letter=True),
        Out(
            "regime",
            blank=True,
            help='Where or how it is served, as printed: "medium-security penal colony".',
            letter=True,
        ),
        Out("as_printed", blank=True, help="The part as printed."),
        Out("term_as_printed", blank=True, help="The term as printed."),
        Out("suspension_as_printed", blank=True, help="The suspension or probation as printed."),
        Out(
            "suspension_term_as_printed",
            blank=True,
            help="The term of suspension or probation as printed.",
        ),
        *provenance(),
    ),
    # `requested` and `position` sort parts into a ruling's two lists, in order.
    internal=("id", "ruling", "requested", "position"),
)

RULING = Record(
    Ruling,
    outward=(
        Out("defender", UUID, source="defender_id"),
        Out(
            "outcome",
            CHOICE,
            choices=Ruling.Outcome.choices,
            blank=True,
            help="Blank: not decided yet (a sentence requested only) or not stated.",
            letter=True,
        ),
        Out(
            "charges",
            UUIDS,
            help="The charges it rules on; empty: the decision's charges against the defender.",
        ),
        Out("outcome_as_printed", blank=True, help="The outcome as printed."),
        Out("as_printed", blank=True, help="The sentence in the source's words."),
        Out(
            "unchanged_as_printed",
            blank=True,
            help="What a reduced or amended sentence left unchanged, as printed.",
        ),
        Out(
            "sentence", RECORDS, source="sentence_parts", help="The parts of the sentence imposed."
        ),
        Out(
            "requested_sentence",
            RECORDS,
            source="sentence_parts",
            help="The parts of the sentence the prosecution requested.",
        ),
        *provenance(),
    ),
    internal=("id", "decision"),
)

DECISION = Record(
    Decision,
    outward=(
        Out("id", UUID),
        Out("date", DATE, nullable=True, letter=True),
        Out("court", blank=True, help="As printed; blank: not named.", letter=True),
        Out(
            "instance",
            CHOICE,
            source="level",
            choices=Decision.Instance.choices,
            blank=True,
            help="First instance, appeal, cassation …; blank: not stated.",
            letter=True,
        ),
        Out("charges", UUIDS, help="The charges it rules on."),
        Out("notes", blank=True, help="As printed."),
        Out(
            "rulings",
            RECORDS,
            help="Per defender (more than one when charges were decided differently).",
        ),
        Out("date_as_printed", blank=True, help="The date as printed."),
        Out(
            "appeal_lodged",
            BOOLEAN,
            nullable=True,
            help="Whether an appeal against it was lodged; null: not stated.",
            letter=True,
        ),
        Out("appeal_lodged_by", blank=True, help="Who appealed, as printed."),
        Out("appeal_lodged_as_printed", blank=True, help="The appeal as printed."),
        *provenance(),
    ),
    internal=("proceeding", "created_at", "updated_at"),
)

PROCEEDING = Record(
    Proceeding,
    outward=(
        Out("id", UUID),
        Out("kind", CHOICE, choices=Proceeding.Kind.choices, letter=True),
        Out("name", blank=True, help='As printed, e.g. "criminal case No. 12345".', letter=True),
        Out("court", blank=True, help="As printed; blank: not named.", letter=True),
        Out(
            "prosecution_appealed",
            BOOLEAN,
            nullable=True,
            help="Whether the prosecution appealed; null: not stated.",
        ),
        Out("prosecution_appealed_as_printed", blank=True, help="As printed."),
        Out(
            "charges",
            RECORDS,
            help="The charges brought in it, each against one or more defenders.",
        ),
        Out("decisions", RECORDS, help="The courts' decisions in it, each ruling per defender."),
        *provenance(),
    ),
    internal=("case", "created_at", "updated_at"),
)

DETENTION_EXTENSION = Record(
    DetentionExtension,
    outward=(
        Out("ordered_on", DATE),
        Out("ordered_on_as_printed", blank=True, help="The source's own words for the date."),
        Out("term_days", INTEGER, nullable=True),
        Out("term_months", INTEGER, nullable=True),
        Out("until", DATE, nullable=True, help="Extended until this date."),
        Out("until_as_printed", blank=True, help='As printed: "remanded until 14 August".'),
        Out("ordered_by", blank=True),
        *provenance(),
    ),
    internal=("id", "period", "notes"),
)

DETENTION_PERIOD = Record(
    DetentionPeriod,
    outward=(
        Out("id", UUID),
        Out("defender", UUID, source="defender_id", letter=True),
        Out("kind", CHOICE, choices=DetentionPeriod.Kind.choices, letter=True),
        Out(
            "kind_as_printed",
            blank=True,
            help='The measure as the source names it: "medidas sustitutivas".',
        ),
        # Letters give a measure that restricts without holding ("Travel ban since July
        # 2017"); detention they count in days (letters.context).
        *uncertain_date(
            "start_date",
            nullable=True,
            help="Null (precision unknown) when the source gives none, or no real date.",
            letter=True,
        ),
        Out(
            "continues_previous",
            BOOLEAN,
            help="Custody ran on from the previous period: days detained count both as one.",
        ),
        Out("term_years", INTEGER, nullable=True),
        Out("term_days", INTEGER, nullable=True),
        Out("term_months", INTEGER, nullable=True),
        Out("term_until", DATE, nullable=True, help="A term stated by its end."),
        Out("term_as_printed", blank=True, help='The term as printed: "two months".'),
        Out("term_until_as_printed", blank=True, help="The term's end as printed."),
        Out(
            "term_ends_on",
            DATE,
            nullable=True,
            help="When the term, with its extensions, runs out.",
            letter=True,
        ),
        Out("ordered_by", blank=True),
        Out("place", blank=True),
        Out("conditions", blank=True),
        Out(
            "reporting_every",
            INTEGER,
            nullable=True,
            help="How often the defender must report, with reporting_unit: every 15 days.",
        ),
        Out("reporting_unit", CHOICE, choices=DetentionPeriod.Unit.choices, blank=True),
        Out("reporting_weekday", CHOICE, choices=DetentionPeriod.Weekday.choices, blank=True),
        Out("reporting_place", blank=True, help="Where the defender reports."),
        Out("reporting_as_printed", blank=True),
        *uncertain_date("breach_date", nullable=True, help="When the measure was breached."),
        Out("breach_as_printed", blank=True, help="The breach as the source states it."),
        *uncertain_date(
            "legal_basis_gap_from",
            nullable=True,
            help="Held without any decision ordering it: from.",
        ),
        *uncertain_date("legal_basis_gap_to", nullable=True, help="… to."),
        Out("legal_basis_gap_as_printed", blank=True, help='"without any decision".'),
        Out(
            "runs_with",
            UUID,
            source="runs_with_id",
            nullable=True,
            help="The measure of the case it goes with (a travel ban with probation).",
        ),
        Out("incommunicado", BOOLEAN),
        *uncertain_date("actual_end", nullable=True, letter=True),
        Out(
            "ended",
            BOOLEAN,
            help="It has ended, even when no source gives the day (true with an actual end).",
            letter=True,
        ),
        Out("ended_as_printed", blank=True, help='"the ban was lifted".'),
        Out("end_not_stated", BOOLEAN, help="The source says no end was stated."),
        Out("reason_not_stated", BOOLEAN, help="The source says no reason was given."),
        Out("unstated_as_printed", blank=True, help="What was left unstated, as printed."),
        Out("extensions", RECORDS),
        Out(
            "days_held",
            INTEGER,
            nullable=True,
            computed=True,
            help=(
                "Days of this period up to today, its end, or its case's closing day; a lower "
                "bound when its start is not an exact day; null when it ended on a day no "
                "source gives."
            ),
        ),
        *provenance(),
    ),
    internal=("case", "notes", "created_at", "updated_at"),
)

HEARING_MOVE = Record(
    HearingMove,
    outward=(
        Out("from_date", DATE),
        Out("from_time", TIME, nullable=True),
        Out("from_time_zone"),
        Out("to_date", DATE),
        Out("to_time", TIME, nullable=True),
        Out("to_time_zone"),
        Out("reason", blank=True),
        Out("moved_at", DATETIME),
    ),
    internal=("id", "hearing", "moved_by"),
)

HEARING = Record(
    Hearing,
    outward=(
        Out("id", UUID),
        Out("court", blank=True, help="Blank: the court is not named.", letter=True),
        Out("city", blank=True, letter=True),
        Out("local_date", DATE, help="The date in the court's own time zone.", letter=True),
        Out(
            "local_time",
            TIME,
            nullable=True,
            help="The time in the court's own time zone.",
            letter=True,
        ),
        Out("time_zone", help="The court's IANA time zone.", letter=True),
        Out(
            "starts_at",
            DATETIME,
            nullable=True,
            help="The same instant in UTC; null when no time was stated (the day is "
            "local_date: never an invented midnight).",
        ),
        Out(
            "purpose",
            CHOICE,
            choices=Hearing.Purpose.choices,
            blank=True,
            help="Blank: not stated.",
            letter=True,
        ),
        Out("status", CHOICE, choices=Hearing.Status.choices),
        Out("outcome", blank=True),
        Out("observers_attending", BOOLEAN),
        Out("defenders", UUIDS),
        Out("moves", RECORDS),
        Out(
            "proceeding",
            UUID,
            source="proceeding_id",
            nullable=True,
            help="The proceeding it is a hearing of; null: not stated.",
        ),
        Out("local_date_as_printed", blank=True, help="The date as printed."),
        *provenance(),
        # Added after the fields clients may read by position.
        Out("court_as_printed", blank=True, help="The court as printed, when the words differ."),
        Out("time_as_printed", blank=True, help="The time as printed, when the words differ."),
        Out(
            "purpose_as_printed",
            blank=True,
            help="The purpose as printed, when the words differ.",
        ),
        Out(
            "summoned",
            BOOLEAN,
            nullable=True,
            help="Whether the defenders were summoned to it; null: not stated.",
        ),
        # /api/v1/hearings/ (cases.api.hearings) also gives these, and a few values of its own.
        Out("case", UUID, source="case_id", document=False),
        Out("updated_at", DATETIME, document=False),
    ),
    internal=("created_at",),
)

UNNAMED_GROUP = Record(
    UnnamedGroup,
    outward=(
        Out("id", UUID),
        Out("description", help="As printed.", letter=True),
        Out(
            "count",
            INTEGER,
            nullable=True,
            help="How many; null: the source gives no count.",
            letter=True,
        ),
        Out(
            "count_approximate",
            BOOLEAN,
            help=(
                'The source gives the count as approximate ("a dozen", "some 30"), or an '
                'amount without a number ("several hundred": count null).'
            ),
            letter=True,
        ),
        Out("position", INTEGER, help="Their order on the case."),
        *provenance(),
        # Added after the fields clients may read by position.
        Out(
            "count_qualifier",
            CHOICE,
            choices=UnnamedGroup.CountQualifier.choices,
            blank=True,
            help='"at least", "more than": the count is a bound. Blank: not stated.',
            letter=True,
        ),
        Out("city", blank=True, letter=True),
        *uncertain_date("released_on", nullable=True, help="When they were released."),
        Out("release_as_printed", blank=True, help="The words that tell the release."),
    ),
    internal=("case",),
)

EVENT = Record(
    Event,
    outward=(
        Out("id", UUID),
        *uncertain_date("date"),
        Out("kind", CHOICE, choices=Event.Kind.choices),
        Out("description"),
        Out("seized_items", blank=True),
        Out("citation", blank=True),
        Out("source_identity", blank=True, confidential=True),
        Out("defenders", UUIDS),
        Out("unnamed_groups", UUIDS, help="The case's unnamed people this event involves."),
        *provenance(),
        # Added after the fields clients may read by position.
        Out("place", blank=True, help="As printed."),
        Out("actor", blank=True, help="Who acted, as printed."),
        Out("organisation", blank=True, help="The organisation it befell, as printed."),
        Out("charges", UUIDS, help="The case's charges it brought or concerns."),
        # Confidential: the words of a threat can endanger whoever reported it.
        Out("quotation", blank=True, confidential=True, help="Words quoted, as printed."),
        Out("quoted_by", blank=True, confidential=True, help="Whose words they are."),
        Out(
            "reported_to_police",
            BOOLEAN,
            nullable=True,
            help="Whether it was reported to the police; null: not stated.",
        ),
        Out(
            "investigation_opened",
            BOOLEAN,
            nullable=True,
            help="Whether an investigation was opened; null: not stated.",
        ),
    ),
    # created_at orders events of one day, then is dropped from the document.
    internal=("case", "created_at", "updated_at"),
)

APPEAL_TEXT = Record(
    AppealText,
    outward=(
        Out("language", CHOICE, choices=text_language_choices(), help="ISO 639-1 code."),
        Out("is_original", BOOLEAN),
        Out("title"),
        Out("description", blank=True),
        Out("background", blank=True),
        Out("notes", blank=True),
    ),
    internal=("id", "appeal"),
)

ACTION = Record(
    Action,
    outward=(
        Out("language", CHOICE, choices=text_language_choices(), help="ISO 639-1 code."),
        Out("position", INTEGER),
        Out("text"),
    ),
    # The clause's text is copied into `text` when picked.
    internal=("id", "appeal", "clause"),
)

FOOTNOTE = Record(
    Footnote,
    outward=(
        Out("number", INTEGER, help="As printed: [1] is 1."),
        Out("position", INTEGER, help="The order in which the appeal prints them."),
        Out("text", help="As printed."),
        *uncertain_date("date", nullable=True, help="The date of what it cites; null: none."),
        Out("reference", blank=True, help="The reference it cites, as printed."),
        Out(
            "cited_appeal",
            UUID,
            source="cited_appeal_id",
            nullable=True,
            help="The appeal on record its reference names; null: none, or not one only.",
        ),
    ),
    internal=("id", "appeal"),
)

# A target authority of a case, or an authority an appeal is addressed to: its position, then
# the authority's own fields (authorities/outward.py), inline.
AUTHORITY_LINK_OUTWARD = (
    Out("position", INTEGER, help="The order in which letters list them."),
    Out("authority", INLINE),
)
CASE_AUTHORITY = Record(
    CaseAuthority, outward=(*AUTHORITY_LINK_OUTWARD, *provenance()), internal=("id", "case")
)
APPEAL_AUTHORITY = Record(
    AppealAuthority, outward=AUTHORITY_LINK_OUTWARD, internal=("id", "appeal")
)

# An appeal's violation link: the appeal's document gives its label's slug, in this order.
APPEAL_VIOLATION = Record(
    AppealViolation,
    outward=(
        Out(
            "violation",
            INTEGER,
            source="violationlabel_id",
            document=False,
            help="The label (the appeal's document gives its slug).",
        ),
        Out("position", INTEGER, help="The order in which the appeal prints them."),
    ),
    internal=("id", "appeal"),
)

APPEAL = Record(
    Appeal,
    outward=(
        Out("id", UUID),
        Out("case", UUID, source="case_id", document=False),
        Out(
            "reference",
            nullable=True,
            help="As printed. Null on the organisation's draft, and on another issuer's "
            "document that has no number.",
        ),
        Out(
            "sequence",
            INTEGER,
            nullable=True,
            help="The follow-up number: 0 for the original, 1, 2 … for follow-ups; a series "
            "may have gaps.",
        ),
        Out("intervention_type", CHOICE, choices=Appeal.InterventionType.choices),
        Out("intervention_type_as_printed", blank=True, help="As the document names its type."),
        # The issuer (cases.Issuer), told by cases.api.documents: the name as the appeal
        # prints it, the issuer's slug, and whether it is the organisation itself.
        Out(
            "issuer",
            computed=True,
            help="Who issued it, as the appeal names them: the organisation, or another "
            "(Amnesty International …).",
        ),
        Out(
            "issuer_slug",
            computed=True,
            help="The issuer's slug (give it as `issuer` to record an appeal of theirs).",
        ),
        Out(
            "issued_by_organisation",
            BOOLEAN,
            computed=True,
            help="True for the organisation's own appeals; false for another issuer's.",
        ),
        Out("index_number", blank=True, help="Another index the issuer gives it."),
        Out("url", blank=True, help="Where it is published."),
        Out("issue_date", DATE, nullable=True),
        Out("issued_at", DATETIME, nullable=True),
        # Added after the fields clients may read by position.
        Out("issue_date_as_printed", blank=True, help="The issue date as printed."),
        Out(
            "issuer_members",
            blank=True,
            help="The organisations a joint issuer names, as printed: one a line.",
        ),
        Out("follow_up_of", blank=True, help="The reference of the document it follows up."),
        Out("action_deadline", DATE, nullable=True, help="Campaigners are asked to act before it."),
        Out("embassy_clause", blank=True, help="The request to write to embassies, as printed."),
        Out("violations", SLUGS, help="Slugs."),
        Out("texts", RECORDS),
        Out("actions", RECORDS),
        Out("authorities", RECORDS),
        Out("action_deadline_as_printed", blank=True, help="The action deadline as printed."),
        Out(
            "case_closed_as_printed",
            blank=True,
            help="The words with which the appeal closes the case, as printed.",
        ),
        Out("footnotes", RECORDS, help="The appeal's notes, in order."),
        Out(
            "incomplete_letters_offered",
            BOOLEAN,
            help="Letters in a language lacking some translations are offered, with a note "
            "that parts are in English (false: not offered).",
        ),
        Out("updated_at", DATETIME, document=False),
    ),
    # The issuer's name as printed is told as `issuer`.
    internal=(
        "issuer",
        "issuer_as_printed",
        "reference_key",
        "index_key",
        "issued_by",
        "created_at",
    ),
)

EXTERNAL_REFERENCE = Record(
    ExternalReference,
    outward=(
        Out("issuer"),
        Out("reference"),
        Out("date", DATE, nullable=True),
        Out("url", blank=True),
    ),
    internal=("id", "case", "reference_key"),
)

declare(
    CASE,
    VIOLATION_LABEL,
    ISSUER,
    PROCEEDING,
    CHARGE,
    DECISION,
    RULING,
    SENTENCE_PART,
    DETENTION_EXTENSION,
    DETENTION_PERIOD,
    HEARING_MOVE,
    HEARING,
    UNNAMED_GROUP,
    EVENT,
    APPEAL_TEXT,
    ACTION,
    FOOTNOTE,
    CASE_AUTHORITY,
    APPEAL_AUTHORITY,
    APPEAL_VIOLATION,
    APPEAL,
    EXTERNAL_REFERENCE,
)
