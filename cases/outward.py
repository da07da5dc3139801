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
    UUID,
    UUIDS,
    Out,
    Record,
    declare,
)
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
    UnnamedGroup,
    ViolationLabel,
)

ISO_COUNTRY = "ISO 3166-1 alpha-2 code."

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
        Out("created_at", DATETIME),
        Out("updated_at", DATETIME),
        Out("internal_notes", blank=True, confidential=True),
        Out("violations", SLUGS, help="Slugs."),
        Out("defenders", RECORDS),
        Out("charges", RECORDS),
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
        "updated_at",
        "api_url",
        "public_url",
    ),
)

VIOLATION_LABEL = Record(ViolationLabel, outward=(Out("slug"), Out("name")), internal=("id",))

CHARGE = Record(
    Charge,
    outward=(
        Out("id", UUID),
        Out("defender", UUID, source="defender_id"),
        Out("instrument_kind", CHOICE, choices=Charge.InstrumentKind.choices),
        Out("instrument", letter=True),
        Out("article", letter=True),
        Out("offence", letter=True),
        Out("maximum_penalty", blank=True, letter=True),
        Out("date_brought", DATE, nullable=True, letter=True),
        Out("status", CHOICE, choices=Charge.Status.choices, letter=True),
        Out(
            "replaced_by",
            UUID,
            source="replaced_by_id",
            nullable=True,
            help="The charge replacing it.",
        ),
        Out("sentence", blank=True, letter=True),
        Out("decided_on", DATE, nullable=True),
    ),
    internal=("case", "created_at", "updated_at"),
)

DETENTION_EXTENSION = Record(
    DetentionExtension,
    outward=(
        Out("ordered_on", DATE),
        Out("term_days", INTEGER, nullable=True),
        Out("term_months", INTEGER, nullable=True),
        Out("ordered_by", blank=True),
    ),
    internal=("id", "period", "notes"),
)

DETENTION_PERIOD = Record(
    DetentionPeriod,
    outward=(
        Out("id", UUID),
        Out("defender", UUID, source="defender_id"),
        Out("kind", CHOICE, choices=DetentionPeriod.Kind.choices),
        Out("start_date", DATE),
        Out("term_days", INTEGER, nullable=True),
        Out("term_months", INTEGER, nullable=True),
        Out(
            "term_ends_on",
            DATE,
            nullable=True,
            help="When the term, with its extensions, runs out.",
        ),
        Out("ordered_by", blank=True),
        Out("place", blank=True),
        Out("incommunicado", BOOLEAN),
        Out("actual_end", DATE, nullable=True),
        Out("extensions", RECORDS),
        Out(
            "days_held",
            INTEGER,
            nullable=True,
            computed=True,
            help="Days of this period up to today (or its end).",
        ),
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
        Out("court", letter=True),
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
        Out("starts_at", DATETIME, help="The same instant in UTC."),
        Out("purpose", CHOICE, choices=Hearing.Purpose.choices, letter=True),
        Out("status", CHOICE, choices=Hearing.Status.choices),
        Out("outcome", blank=True),
        Out("observers_attending", BOOLEAN),
        Out("defenders", UUIDS),
        Out("moves", RECORDS),
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
        Out("description", help="As printed."),
        Out("count", INTEGER, nullable=True),
        Out("count_approximate", BOOLEAN),
        Out("position", INTEGER),
    ),
    internal=("case",),
)

EVENT = Record(
    Event,
    outward=(
        Out("id", UUID),
        Out("date", DATE),
        Out("kind", CHOICE, choices=Event.Kind.choices),
        Out("description"),
        Out("seized_items", blank=True),
        Out("citation", blank=True),
        Out("source_identity", blank=True, confidential=True),
        Out("defenders", UUIDS),
        Out("unnamed_groups", UUIDS, help="The case's unnamed people this event involves."),
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

# A target authority of a case, or an authority an appeal is addressed to: its position, then
# the authority's own fields (authorities/outward.py), inline.
AUTHORITY_LINK_OUTWARD = (
    Out("position", INTEGER, help="The order in which letters list them."),
    Out("authority", INLINE),
)
CASE_AUTHORITY = Record(CaseAuthority, outward=AUTHORITY_LINK_OUTWARD, internal=("id", "case"))
APPEAL_AUTHORITY = Record(
    AppealAuthority, outward=AUTHORITY_LINK_OUTWARD, internal=("id", "appeal")
)

APPEAL = Record(
    Appeal,
    outward=(
        Out("id", UUID),
        Out("case", UUID, source="case_id", document=False),
        Out("reference", nullable=True, help="Null on a draft (staff only)."),
        Out(
            "sequence",
            INTEGER,
            nullable=True,
            help="0 for the original appeal, 1, 2 … for follow-ups.",
        ),
        Out("intervention_type", CHOICE, choices=Appeal.InterventionType.choices),
        Out("issuer", blank=True),
        Out("issue_date", DATE, nullable=True),
        Out("issued_at", DATETIME, nullable=True),
        Out("violations", SLUGS, help="Slugs."),
        Out("texts", RECORDS),
        Out("actions", RECORDS),
        Out("authorities", RECORDS),
        Out("updated_at", DATETIME, document=False),
    ),
    internal=("reference_key", "issued_by", "created_at"),
)

EXTERNAL_REFERENCE = Record(
    ExternalReference,
    outward=(
        Out("issuer"),
        Out("reference"),
        Out("date", DATE, nullable=True),
        Out("url", blank=True),
    ),
    internal=("id", "case"),
)

declare(
    CASE,
    VIOLATION_LABEL,
    CHARGE,
    DETENTION_EXTENSION,
    DETENTION_PERIOD,
    HEARING_MOVE,
    HEARING,
    UNNAMED_GROUP,
    EVENT,
    APPEAL_TEXT,
    ACTION,
    CASE_AUTHORITY,
    APPEAL_AUTHORITY,
    APPEAL,
    EXTERNAL_REFERENCE,
)
