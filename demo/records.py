"""The shapes of the demo data: plain frozen dataclasses, filled from the data files in
demo/data/ (demo.datafiles checks each file against them: a key that is not a field here is an
error), so that the loader is the only code that knows the models.

Records refer to each other by a short `key` ("kgz-dzhaksybekova"); the loader turns each key
into a fixed UUID (`demo_id`), which is how a second run recognises what it loaded before.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

# Never change: the demo's primary keys are derived from it, and with them idempotence.
DEMO_NAMESPACE = uuid.UUID("6f1d3c2e-6a39-4d0b-9a53-0b7d2c1e5a10")


def demo_id(kind: str, key: str) -> uuid.UUID:
    """Return the fixed primary key of the demo record `kind` ("case", "defender" …) `key`."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}")


@dataclass(frozen=True)
class AuthorityData:
    key: str
    post: str
    country: str
    person_name: str = ""
    seat: str = ""
    # The seat's country when it sits abroad (a mission in Geneva: "CH").
    seat_country: str = ""
    salutation: str = ""
    # `post` and `salutation` are in English; their versions for letters in the others.
    post_fr: str = ""
    post_es: str = ""
    post_ru: str = ""
    salutation_fr: str = ""
    salutation_es: str = ""
    salutation_ru: str = ""
    language: str = "en"
    postal_address: str = ""
    faxes: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    office_start: dt.date | None = None


@dataclass(frozen=True)
class EmbassyData:
    country: str
    host_country: str
    name: str
    city: str
    address: str
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class DefenderData:
    key: str
    full_name: str
    gender: str
    role: str
    country: str
    local_name: str = ""
    organisation: str = ""
    areas: tuple[str, ...] = ()
    city: str = ""
    region: str = ""
    situation: str = "at_liberty"
    # Confidential (appeals_site.confidential); `disclosed` names those staff made public.
    health_notes: str = ""
    family_notes: str = ""
    home_address: str = ""
    phone: str = ""
    internal_notes: str = ""
    disclosed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChargeData:
    defender: str
    instrument: str
    article: str
    offence: str
    instrument_kind: str = "criminal"
    maximum_penalty: str = ""
    # The instrument, offence and maximum penalty (in English) in the other letter languages.
    instrument_fr: str = ""
    instrument_es: str = ""
    instrument_ru: str = ""
    offence_fr: str = ""
    offence_es: str = ""
    offence_ru: str = ""
    maximum_penalty_fr: str = ""
    maximum_penalty_es: str = ""
    maximum_penalty_ru: str = ""
    date_brought: dt.date | None = None
    # "convicted" or "acquitted": a court's decision on the charge (on `decided_on`), ruling
    # on the defender; `sentence` is its text as printed, `sentence_years` its term of
    # imprisonment in years. Otherwise the charge's own status ("dropped" on `decided_on`).
    status: str = "pending"
    sentence: str = ""
    sentence_years: int | None = None
    decided_on: dt.date | None = None
    # Prosecutors swapped this charge for another (recorded with services.charge_replace).
    replaced_by: "ChargeData | None" = None


@dataclass(frozen=True)
class ExtensionData:
    ordered_on: dt.date
    term_days: int | None = None
    term_months: int | None = None
    ordered_by: str = ""


@dataclass(frozen=True)
class DetentionData:
    defender: str
    kind: str
    start_date: dt.date
    term_days: int | None = None
    term_months: int | None = None
    ordered_by: str = ""
    place: str = ""
    incommunicado: bool = False
    actual_end: dt.date | None = None
    notes: str = ""
    extensions: tuple[ExtensionData, ...] = ()


@dataclass(frozen=True)
class HearingMoveData:
    """The hearing was first announced for this date and time, then moved (hearing_save)."""

    local_date: dt.date
    local_time: dt.time | None
    reason: str


@dataclass(frozen=True)
class HearingData:
    court: str
    city: str
    local_date: dt.date
    time_zone: str
    purpose: str
    local_time: dt.time | None = None
    status: str = "scheduled"
    outcome: str = ""
    observers_attending: bool = False
    defenders: tuple[str, ...] = ()
    moved_from: HearingMoveData | None = None


@dataclass(frozen=True)
class EventData:
    date: dt.date
    kind: str
    description: str
    defenders: tuple[str, ...] = ()
    seized_items: str = ""
    citation: str = ""
    source_identity: str = ""
    disclosed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionData:
    text: str
    # The name of the standard action (ActionClause) this one was picked from, if any.
    clause: str = ""


@dataclass(frozen=True)
class AppealTextData:
    language: str
    title: str
    description: str = ""
    background: str = ""
    notes: str = ""
    actions: tuple[ActionData, ...] = ()


@dataclass(frozen=True)
class AppealData:
    """An appeal on the case; issued through services.appeal_issue when `issue_date` is set,
    otherwise left as a draft."""

    intervention_type: str
    original: AppealTextData
    issue_date: dt.date | None = None
    violations: tuple[str, ...] = ()
    # Authority keys, in the letter's order; empty: the case's target authorities.
    authorities: tuple[str, ...] = ()
    translations: tuple[AppealTextData, ...] = ()
    issuer: str = ""


@dataclass(frozen=True)
class ExternalReferenceData:
    issuer: str
    reference: str
    date: dt.date | None = None
    url: str = ""


@dataclass(frozen=True)
class Numbering:
    """Where the organisation's numbering stood before this case's first appeal: it had
    numbered `cases_before` cases in the country and `interventions_before` interventions in
    the year of the appeal (on paper, before it used this system). The loader raises the
    counters to these values, never lowers them, so the samples get their printed codes."""

    cases_before: int
    interventions_before: int


@dataclass(frozen=True)
class CaseData:
    key: str
    country: str
    time_zone: str
    title: str
    status: str
    summary: str = ""
    background: str = ""
    violations: tuple[str, ...] = ()
    defenders: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    internal_notes: str = ""
    charges: tuple[ChargeData, ...] = ()
    detention_periods: tuple[DetentionData, ...] = ()
    hearings: tuple[HearingData, ...] = ()
    events: tuple[EventData, ...] = ()
    appeals: tuple[AppealData, ...] = ()
    external_references: tuple[ExternalReferenceData, ...] = ()
    numbering: Numbering | None = None


# --- The files (demo/data/) -----------------------------------------------------------------


@dataclass(frozen=True)
class CaseIndex:
    """cases.toml: the key of each case file (cases/<key>.toml), in the order of loading
    among the cases whose first appeal has the same issue date (or that have none)."""

    cases: tuple[str, ...]


@dataclass(frozen=True)
class DefendersFile:
    defenders: tuple[DefenderData, ...]


@dataclass(frozen=True)
class AuthoritiesFile:
    authorities: tuple[AuthorityData, ...]


@dataclass(frozen=True)
class EmbassyTarget:
    """A target country. `number` is the n of the hosts' address and phone patterns."""

    country: str
    name: str  # as in "Embassy of {name} in …"
    slug: str  # for the invented e-mail and web domains
    number: int


@dataclass(frozen=True)
class EmbassyHost:
    """A country campaigners write from, where each target country has an embassy."""

    country: str
    name: str
    city: str
    tld: str
    address: str  # a pattern: {n} is the target's number
    phone: str  # a pattern, e.g. "+32 2 555 {n:02d} 10"


@dataclass(frozen=True)
class EmbassyEmail:
    """The e-mail of one embassy, where it is not the pattern's."""

    country: str
    host_country: str
    email: str


@dataclass(frozen=True)
class EmbassiesFile:
    targets: tuple[EmbassyTarget, ...]
    hosts: tuple[EmbassyHost, ...]
    emails: tuple[EmbassyEmail, ...] = ()
