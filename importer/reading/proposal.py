"""What the reader proposes: each fact of an appeal with where it was read, (start, end) in
the text, so that the review screen can show it beside its sentence. Nothing here is saved;
staff accept, correct or drop each field (issue 15)."""

from dataclasses import dataclass, field

from importer.reading.dates import DateFound

# A date as read: its value (cases.dates.UncertainDate, None for a "[sic]" date that does not
# exist), the words as printed, and its span.
ReadDate = DateFound


@dataclass(frozen=True)
class Read:
    """A value copied from the text as printed, and its span."""

    value: str
    start: int
    end: int


@dataclass
class ProposedAffiliation:
    """A role, and the organisation it is held in when printed, as printed ("lawyer",
    "Svislach Regional Bar Association")."""

    role: str
    start: int
    end: int
    organisation: str | None = None


@dataclass
class ProposedDefender:
    name: str
    start: int
    end: int
    other_spellings: list[str] = field(default_factory=list)
    # The honorific printed before the name ("Mr.", "Mme", "Sra."), not a gender guessed.
    honorific: str | None = None
    affiliations: list[ProposedAffiliation] = field(default_factory=list)


@dataclass
class ProposedCharge:
    start: int
    end: int
    offence: str | None = None
    article: str | None = None
    instrument: str | None = None
    max_penalty: str | None = None


@dataclass
class ProposedMeasure:
    # One of the fact kinds: police_custody, administrative_detention, pre_trial_detention,
    # house_arrest, imprisonment, travel_ban, judicial_control, provisional_release, probation.
    kind: str
    start: int
    end: int
    measure_as_printed: str
    date: ReadDate | None = None
    term_as_printed: str | None = None


@dataclass
class ProposedHearing:
    start: int
    end: int
    date: ReadDate | None = None
    court: str | None = None
    local_time: str | None = None
    time_as_printed: str | None = None


@dataclass
class ProposedDecision:
    start: int
    end: int
    date: ReadDate | None = None
    court: str | None = None


@dataclass
class ProposedEvent:
    date: ReadDate
    start: int
    end: int


@dataclass
class ProposedAddressee:
    start: int
    end: int
    name: str | None = None
    post: str | None = None
    office: str | None = None
    fax: str | None = None
    email: str | None = None
    salutation: str | None = None


@dataclass
class ProposedAction:
    number: str
    text: str
    start: int
    end: int


@dataclass
class ProposedNote:
    """Footnote [n]: its text, and the earlier appeal and date it cites when it does."""

    number: int
    text: str
    start: int
    end: int
    reference: Read | None = None
    date: ReadDate | None = None


@dataclass
class Proposal:
    """An appeal's facts as read from its text; None or empty where the text gave nothing."""

    text: str
    language: str | None = None
    title: Read | None = None
    # The country as the title prints it before its colon ("Belarus", "Algérie"), unmatched.
    country_as_printed: Read | None = None
    intervention_type: Read | None = None
    reference: Read | None = None
    index_number: Read | None = None
    issuer: Read | None = None
    issue_date: ReadDate | None = None
    violations: list[Read] = field(default_factory=list)
    embassy_clause: Read | None = None
    defenders: list[ProposedDefender] = field(default_factory=list)
    charges: list[ProposedCharge] = field(default_factory=list)
    measures: list[ProposedMeasure] = field(default_factory=list)
    hearings: list[ProposedHearing] = field(default_factory=list)
    decisions: list[ProposedDecision] = field(default_factory=list)
    events: list[ProposedEvent] = field(default_factory=list)
    addressees: list[ProposedAddressee] = field(default_factory=list)
    actions: list[ProposedAction] = field(default_factory=list)
    notes: list[ProposedNote] = field(default_factory=list)
    # The kinds of fact an appeal usually has that could not be read here, for staff to enter.
    unread: list[str] = field(default_factory=list)
