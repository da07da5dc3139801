"""Random, fictional, realistic cases for benchmarks (`manage.py generate_cases`).

Speed comes from building every record in Python and writing each batch of cases with one
bulk INSERT per table, in one transaction per batch. bulk_create calls neither save() nor
full_clean() nor signals, so this module computes the derived fields itself with the very
functions the services use (cases.dates.hearing_starts_at, cases.detention.term_runs_out_on),
and builds only values the models accept.

History: bulk_create writes no django-simple-history rows, so by default generated records
have none (benchmark data needs no audit trail). `with_history=True` writes one "created" row
per record with simple_history.utils.bulk_create_with_history, at roughly twice the cost.
The organisation's appeals are written in bulk as drafts (as appeal_create makes them) and
issued through services.appeal_issue, so their references come from the same counters as
staff's and stay unique; that service writes its usual history rows either way. Other
issuers' documents are recorded as printed, in bulk. The case's records name the appeal that
stated them (and, some, a later one that changed them), as case_save would.

Dates are drawn relative to `today`, so that some hearings are ahead and some detentions are
ongoing whenever the data is generated; with the same seed and the same `today` the content
is the same (primary keys are random UUIDs, so a second run never collides with the first).
"""

import datetime as dt
import functools
import random
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from faker import Faker
from simple_history.utils import bulk_create_with_history

from appeals_site.models import ProvenanceModel
from authorities.models import Authority, AuthorityContact
from cases.dates import Precision, UncertainDate, hearing_starts_at, uncertain_date_set
from cases.detention import Term, term_runs_out_on
from cases.models import (
    Action,
    ActionClause,
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
    Issuer,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
    ViolationLabel,
)
from cases.references import reference_key
from cases.services import appeal_issue
from defenders.models import Affiliation, AreaOfWork, Defender, OtherName
from demo import pools
from demo.pools import City, Country

# The ranges of the issue ("1–4 defenders, 0–5 charges …"); tests check every case is inside.
DEFENDERS_PER_CASE = (1, 4)
CHARGES_PER_CASE = (0, 5)
DETENTION_PERIODS_PER_CASE = (0, 3)
HEARINGS_PER_CASE = (0, 4)
EVENTS_PER_CASE = (3, 10)
AUTHORITIES_PER_CASE = (3, 8)

# Share of published or closed cases that get an issued Urgent Appeal (one in three of those
# also a follow-up), and of cases in review that get a draft appeal.
ISSUED_APPEAL_SHARE = 0.15
FOLLOWUP_SHARE = 1 / 3
DRAFT_APPEAL_SHARE = 0.5

# What became of a charge: its status, or a court's decision ruling on its defender.
CONVICTED, ACQUITTED = Ruling.Outcome.CONVICTED, Ruling.Outcome.ACQUITTED
CHARGE_STATUS_WEIGHTS = {
    Charge.Status.PENDING: 55,
    Charge.Status.REPLACED: 15,
    Charge.Status.DROPPED: 10,
    CONVICTED: 15,
    ACQUITTED: 5,
}
STATUS_WEIGHTS = {
    Case.Status.DRAFT: 15,
    Case.Status.IN_REVIEW: 15,
    Case.Status.PUBLISHED: 55,
    Case.Status.CLOSED: 15,
}
ONGOING_SITUATION = {
    DetentionPeriod.Kind.POLICE_CUSTODY: Defender.Situation.POLICE_CUSTODY,
    DetentionPeriod.Kind.ADMINISTRATIVE: Defender.Situation.ADMINISTRATIVE_DETENTION,
    DetentionPeriod.Kind.PRE_TRIAL: Defender.Situation.PRE_TRIAL_DETENTION,
    DetentionPeriod.Kind.HOUSE_ARREST: Defender.Situation.HOUSE_ARREST,
    DetentionPeriod.Kind.IMPRISONMENT: Defender.Situation.IMPRISONED,
}
K = DetentionPeriod.Kind
DETENTION_CHAINS = {
    1: ((K.POLICE_CUSTODY,), (K.ADMINISTRATIVE,), (K.PRE_TRIAL,), (K.HOUSE_ARREST,)),
    2: (
        (K.POLICE_CUSTODY, K.PRE_TRIAL),
        (K.ADMINISTRATIVE, K.PRE_TRIAL),
        (K.PRE_TRIAL, K.IMPRISONMENT),
        (K.PRE_TRIAL, K.HOUSE_ARREST),
        (K.POLICE_CUSTODY, K.HOUSE_ARREST),
    ),
    3: (
        (K.POLICE_CUSTODY, K.PRE_TRIAL, K.IMPRISONMENT),
        (K.ADMINISTRATIVE, K.ADMINISTRATIVE, K.PRE_TRIAL),
        (K.ADMINISTRATIVE, K.PRE_TRIAL, K.IMPRISONMENT),
        (K.POLICE_CUSTODY, K.PRE_TRIAL, K.HOUSE_ARREST),
    ),
}
HEARING_PURPOSES = [p for p in Hearing.Purpose.values if p != Hearing.Purpose.OTHER]
RANDOM_EVENT_KINDS = (
    Event.Kind.THREAT,
    Event.Kind.SMEAR_CAMPAIGN,
    Event.Kind.SEARCH,
    Event.Kind.TRAVEL_BAN,
    Event.Kind.ILL_TREATMENT,
    Event.Kind.ATTACK,
    Event.Kind.OTHER,
)
ACTION_CLAUSES = ("Release and drop charges", "Guarantee integrity", "End harassment")
UN_DECLARATION = "UN Declaration"

# The record as archives tell it (issue 14), drawn from a random stream of its own
# (_Generator.archive_rng), so that the rest of a seed's cases stay as they were.
# Published or closed cases that another issuer also documented (with maybe further
# information); their facts, and those of cases the organisation issued on, name the appeal
# that stated them (stated_in) and, for some, a later one that changed them (changed_in).
OTHER_ISSUER_SHARE = 0.2
CHANGED_LATER_SHARE = 0.25
# Invented issuers: (name, slug, the prefix of their numbers or "" for unnumbered documents).
OTHER_ISSUERS = (
    ("Lantern Rights Watch", "lantern-rights-watch", "UA"),
    ("Safe Voices Network", "safe-voices-network", ""),
)
JOINT_CHARGE_SHARE = 0.25  # of charges in a case with several defenders
REPLACED_BY_TWO_SHARE = 0.3  # of replaced charges, when there is room
APPEAL_DECISION_SHARE = 0.35  # of convictions, decided again on appeal
SUSPENDED_SHARE = 0.2  # of prison sentences
SIDE_PENALTY_SHARE = 0.25  # of criminal convictions: a ban with its own term
REQUESTED_SHARE = 0.3  # of convictions: the sentence the prosecution requested
CONTINUOUS_SHARE = 0.5  # of periods that start the day after the last: marked continuous
MEASURE_SHARE = 0.15  # of cases: a travel ban, judicial control, provisional release
UNCERTAIN_START_SHARE = 0.4  # of those measures: a start known to the month only
UNCERTAIN_EVENT_SHARE = 0.15  # of events other than those the records imply
UNNAMED_GROUP_SHARE = 0.12  # of cases
OTHER_SPELLING_SHARE = 0.3  # of defenders whose names are transliterated
ALIAS_SHARE = 0.03  # of the others
SECOND_AFFILIATION_SHARE = 0.15
UNNAMED_GROUPS = (
    ("a dozen other lawyers", 12, True),
    ("some 30 protesters", 30, True),
    ("three other journalists", 3, False),
    ("several members of the organisation", None, False),
)
SIDE_PENALTIES = (
    ("travel_ban", ""),
    ("profession_ban", "on practising law"),
    ("activity_ban", 'on "social activities"'),
)
MEASURE_CONDITIONS = {
    K.TRAVEL_BAN: "",
    K.JUDICIAL_CONTROL: "Must report to the police station every week.",
    K.PROVISIONAL_RELEASE: "Released on bail; may not leave the city.",
}

# Details the archives print (issue 14: migrations cases 0027–0030, defenders 0009,
# authorities 0003), drawn from a random stream of their own (_Generator.detail_rng), so that
# the rest of a seed's cases stay as they were.
AUTHORITY_OFFICE_SHARE = 0.5  # of authorities held by a person: the body they head
WORK_SINCE_SHARE = 0.3  # of defenders: "has worked since 2012"
HELD_SINCE_SHARE = 0.5  # of defenders held: "in custody since …", as printed
AFFILIATION_SINCE_SHARE = 0.8  # of second affiliations: the year they joined, as a date
PROCEEDING_COURT_SHARE = 0.6  # of proceedings: the court it is before
APPEAL_LODGED_SHARE = 0.4  # of first-instance convictions not decided again: appeal lodged
OUTCOME_AS_PRINTED_SHARE = 0.5  # of rulings
RULING_CHARGES_SHARE = 0.5  # of rulings: the charges they rule on named
SENTENCE_AS_PRINTED_SHARE = 0.6  # of sentence parts: term, regime, suspension as printed
MEASURE_AS_PRINTED_SHARE = 0.6  # of measures: the measure and its term as printed
ENDED_MEASURE_SHARE = 0.5  # of measures whose term ran out: ended, on a day not given
REPORTING_SHARE = 0.7  # of judicial control: how often the defender reports
RUNS_WITH_SHARE = 0.5  # of measures in a case with detention: it runs with the last period
HEARING_AS_PRINTED_SHARE = 0.3  # of hearings: court, purpose, time as printed; summoned
EVENT_DETAIL_SHARE = 0.5  # of events: place and who acted, as printed
EVENT_CHARGES_SHARE = 0.9  # of events of a charge: the charge they tell of
QUOTED_SHARE = 0.3  # of threats: the words quoted (confidential)
REPORTED_SHARE = 0.5  # of threats and attacks: reported to the police, investigated or not
GROUP_DETAIL_SHARE = 0.6  # of unnamed groups: city, a bound on the count, their release
FOOTNOTE_SHARE = 0.5  # of other issuers' documents: 1–3 footnotes
CASE_CLOSED_AS_PRINTED_SHARE = 0.5  # of closed cases' last document of another issuer
# Drawn from a random stream of their own (seed + 4, after everything above), so that a seed's
# earlier content stays as it was (issue 17: the API benchmark's deepest nesting).
EXTERNAL_REFERENCE_SHARE = 0.3  # of cases: other organisations' appeals on it, 1 to 3
MOVED_SHARE = 0.15  # of hearings not postponed: moved once or twice before their date
DISCLOSED_SHARE = 0.3  # of new defenders with confidential facts: staff disclosed one
HEARING_MOVE_REASONS = (
    "At the prosecution's request.",
    "The judge was ill.",
    "The defence asked for time to study the case file.",
    "",
)
EXTERNAL_ISSUERS = (
    ("Amnesty International", "UA {n}/{yy}"),
    ("Front Line Defenders", "FLD {yyyy}-{n}"),
    ("UN Special Procedures", "AL {country} {n}/{yyyy}"),
    ("Human Rights Watch", "HRW {yyyy}/{n}"),
)
OFFICES = {
    "Prosecutor General": "Office of the Prosecutor General",
    "Minister of Justice": "Ministry of Justice",
    "Minister of the Interior": "Ministry of the Interior",
    "Minister of Foreign Affairs": "Ministry of Foreign Affairs",
    "Chief Justice of the Supreme Court": "Supreme Court",
    "Ombudsperson": "Office of the Ombudsperson",
    "Prime Minister": "Government",
    "President of {country}": "Presidential Administration",
}
MEASURES_AS_PRINTED = {
    K.TRAVEL_BAN: "a ban on leaving the country",
    K.JUDICIAL_CONTROL: "placed under judicial supervision",
    K.PROVISIONAL_RELEASE: "released pending trial",
}
MEASURES_ENDED = {
    K.TRAVEL_BAN: "the ban was lifted",
    K.JUDICIAL_CONTROL: "is no longer under judicial supervision",
    K.PROVISIONAL_RELEASE: "the conditions were lifted",
}
OUTCOMES_AS_PRINTED = {CONVICTED: "found guilty", ACQUITTED: "acquitted of all charges"}
REGIMES = ("general-regime penal colony", "strict-regime penal colony", "prison")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
EVENT_PLACES = {
    Event.Kind.SEARCH: "{their} office in {city}",
    Event.Kind.ARREST: "{their} home in {city}",
    Event.Kind.ATTACK: "near {their} home in {city}",
    Event.Kind.THREAT: "{city}",
}
EVENT_ACTORS = ("unidentified men", "plain-clothes officers", "the police", "the security service")
QUOTATIONS = (
    "You will not see your children again.",
    "Stop your work or you will regret it.",
    "We know where you live.",
)
FOOTNOTES = (
    "Article {article} of the Criminal Code.",
    "The decision was not made public.",
    "Statement of the Bar Association of {region}.",
    "Information received from the family.",
)
CLOSINGS = ("{issuer} considers this case closed.", "{issuer} will close this case.")

# Another spelling of a transliterated name, as sources print them.
SPELLINGS = (("iy", "y"), ("kh", "h"), ("Yu", "Iu"), ("ya", "ia"), ("ts", "tz"), ("sh", "ch"))


def transliterate(text: str, script: str) -> str:
    """Return a Cyrillic or Georgian name in Latin letters (the tables of
    demo/data/generator/transliteration.toml)."""
    tables = pools.TRANSLITERATION
    table = tables.cyrillic if script == "cyrillic" else tables.georgian
    letters = []
    for char in text:
        latin = table.get(char.lower())
        if latin is None:
            letters.append(char)
        else:
            letters.append(latin.capitalize() if char.isupper() else latin)
    latin = "".join(letters)
    if script == "georgian":  # Georgian has no capital letters; Latin names start with one.
        latin = " ".join(word[:1].upper() + word[1:] for word in latin.split(" "))
    return latin


@dataclass
class GenerationResult:
    cases: int
    seed: int
    seconds: float
    with_history: bool
    rows: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """Return the one-line summary the command ends with."""
        named = [
            (Defender, "defenders"),
            (Charge, "charges"),
            (DetentionPeriod, "detention periods"),
            (DetentionExtension, "extensions"),
            (Hearing, "hearings"),
            (Event, "events"),
            (CaseAuthority, "target authorities"),
            (Authority, "authorities"),
            (Appeal, "appeals"),
        ]
        parts = [f"Generated {self.cases} cases"]
        parts += [f"{self.rows[model._meta.label]} {label}" for model, label in named]
        history = "with history" if self.with_history else "no history"
        return (
            ", ".join(parts)
            + f" ({sum(self.rows.values())} rows, seed {self.seed}, {history})"
            + f" in {self.seconds:.1f} s"
        )


@dataclass
class _Person:
    """A defender of the case being generated, with what its texts need."""

    defender: Defender
    title: str  # "Ms. Anna Ivanova"
    new: bool


@dataclass
class _Batch:
    rows: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # The organisation's appeals to issue through appeal_issue once written, in order, with
    # their issue dates.
    issued: list[tuple[Appeal, dt.date]] = field(default_factory=list)

    def add(self, instance: models.Model) -> models.Model:
        self.rows[type(instance)].append(instance)
        return instance


class _Generator:
    def __init__(self, *, seed: int, today: dt.date, with_history: bool) -> None:
        # Reproducible benchmark data, not secrets: a seeded pseudo-random generator is right.
        self.rng = random.Random(seed)  # noqa: S311
        self.sentence_rng = random.Random(seed + 1)  # noqa: S311 (see _decision)
        self.archive_rng = random.Random(seed + 2)  # noqa: S311 (see OTHER_ISSUER_SHARE)
        self.detail_rng = random.Random(seed + 3)  # noqa: S311 (see AUTHORITY_OFFICE_SHARE)
        self.record_rng = random.Random(seed + 4)  # noqa: S311 (see EXTERNAL_REFERENCE_SHARE)
        self.numbers: Counter = Counter()  # other issuers' numbers per year
        self.today = today
        self.with_history = with_history
        self.fake = Faker(sorted({country.locale for country in pools.COUNTRIES}))
        self.fake.seed_instance(seed)
        self.countries = pools.COUNTRIES
        self.country_weights = [country.weight for country in self.countries]
        self.labels = {label.name: label.pk for label in ViolationLabel.objects.all()}
        self.area_ids = list(AreaOfWork.objects.values_list("pk", flat=True))
        self.clauses = {clause.name: clause for clause in ActionClause.objects.all()}
        self.authorities: dict[str, list[Authority]] = {}
        self.defenders: dict[str, list[_Person]] = defaultdict(list)
        self.rows: Counter = Counter()

    # --- helpers ----------------------------------------------------------------------------

    def _between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _count(self, low_high: tuple[int, int], weights: list[int] | None = None) -> int:
        low, high = low_high
        return self.rng.choices(range(low, high + 1), weights=weights)[0]

    def _article(self, country: Country, offence: str, administrative: bool) -> str:
        """Return the same made-up article number for an offence in a country on every run."""
        crc = zlib.crc32(f"{country.code}:{offence}".encode())
        if administrative:
            return f"{crc % 40 + 5}.{crc % 9 + 1}"
        article = str(crc % 300 + 100)
        return article + (f".{crc % 3 + 1}" if crc % 4 == 0 else "")

    def _phone(self, country: Country) -> str:
        """Return a valid fixed-line number of the country, in E.164, with random last digits."""
        example = phonenumbers.example_number_for_type(
            country.code, phonenumbers.PhoneNumberType.FIXED_LINE
        )
        digits = str(example.national_number)
        for _attempt in range(20):
            candidate = phonenumbers.PhoneNumber(
                country_code=example.country_code,
                national_number=int(digits[:-4] + f"{self.rng.randint(0, 9999):04d}"),
            )
            if phonenumbers.is_valid_number(candidate):
                return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
        return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)

    # --- the directory ----------------------------------------------------------------------

    def authorities_create(self, countries: set[str]) -> None:
        """Create each country's pool of authorities (pools.AUTHORITY_POSTS), with contacts."""
        created, contacts = [], []
        for country in self.countries:
            if country.code not in countries:
                continue
            fake = self.fake[country.locale]
            pool = []
            for post, salutation, has_person in pools.AUTHORITY_POSTS:
                person = ""
                if has_person:
                    person, _local = self._name(country, fake, self.rng.random() < 0.5)
                office = OFFICES.get(post, "") if has_person else ""
                if office and self.detail_rng.random() >= AUTHORITY_OFFICE_SHARE:
                    office = ""
                authority = Authority(
                    person_name=person,
                    post=post.format(country=country.name),
                    office=office,
                    country=country.code,
                    seat=country.cities[0].name,
                    salutation=salutation,
                    language=country.language,
                )
                pool.append(authority)
                slug = "".join(c for c in post.split(" ")[0].lower() if c.isalpha())
                contacts.append(
                    AuthorityContact(
                        authority=authority, kind="fax", value=self._phone(country), position=0
                    )
                )
                contacts.append(
                    AuthorityContact(
                        authority=authority,
                        kind="email",
                        value=f"{slug}{len(pool)}@gov.example.{country.tld}",
                        position=1,
                    )
                )
            self.authorities[country.code] = pool
            created += pool
        self._insert(Authority, created)
        self._insert(AuthorityContact, contacts)

    # --- people -----------------------------------------------------------------------------

    def _name(self, country: Country, fake, female: bool) -> tuple[str, str]:
        """Return (full name in Latin letters, name in the local script or "")."""
        if female:
            first, last = fake.first_name_female(), fake.last_name_female()
        else:
            first, last = fake.first_name_male(), fake.last_name_male()
        name = f"{last} {first}" if country.family_name_first else f"{first} {last}"
        if country.script == "latin":
            return name, ""
        return transliterate(name, country.script), name

    def _defender(self, batch: _Batch, country: Country, city: City) -> _Person:
        rng = self.rng
        fake = self.fake[country.locale]
        genders = Defender.Gender
        gender = rng.choices(
            [genders.FEMALE, genders.MALE, genders.NON_BINARY, genders.UNKNOWN],
            weights=[48, 48, 2, 2],
        )[0]
        # Faker's names are female or male; either for the others.
        female = gender == genders.FEMALE or (gender != genders.MALE and rng.random() < 0.5)
        full_name, local_name = self._name(country, fake, female)
        organisation = rng.choice(pools.ORGANISATIONS).format(city=city.name, region=city.region)
        defender = batch.add(
            Defender(
                full_name=full_name,
                local_name=local_name,
                gender=gender,
                role=rng.choice(pools.ROLES).format(organisation=organisation),
                organisation=organisation,
                country=country.code,
                city=city.name,
                region=city.region,
                situation=rng.choices(
                    [
                        Defender.Situation.AT_LIBERTY,
                        Defender.Situation.IN_EXILE,
                        Defender.Situation.DISAPPEARED,
                        Defender.Situation.KILLED,
                    ],
                    weights=[90, 6, 3, 1],
                )[0],
                health_notes=(
                    "Has a chronic illness and needs constant medical care."
                    if rng.random() < 0.15
                    else ""
                ),
                family_notes=(
                    f"{rng.randint(1, 4)} children; the family was questioned by the police."
                    if rng.random() < 0.1
                    else ""
                ),
                home_address=fake.address() if rng.random() < 0.05 else "",
                internal_notes="Contact only through the lawyer." if rng.random() < 0.1 else "",
            )
        )
        through = Defender.areas_of_work.through
        for area_id in rng.sample(self.area_ids, k=min(len(self.area_ids), rng.randint(1, 3))):
            batch.add(through(defender_id=defender.pk, areaofwork_id=area_id))
        self._names_and_affiliations(batch, defender, city)
        drng = self.detail_rng
        if drng.random() < WORK_SINCE_SHARE:
            year = self.today.year - drng.randint(2, 25)
            value = UncertainDate.normalised(dt.date(year, 1, 1), Precision.YEAR)
            uncertain_date_set(defender, "work_since", value)
            defender.work_since_as_printed = f"since {year}"
        honorific = {"female": "Ms. ", "male": "Mr. "}.get(gender, "")
        person = _Person(defender, honorific + full_name, new=True)
        self.defenders[country.code].append(person)
        return person

    def _names_and_affiliations(self, batch: _Batch, defender: Defender, city: City) -> None:
        """Other spellings of the name (or an alias), and the affiliations: the primary one
        (role and organisation, as defender_save makes it) and now and then a second."""
        arng = self.archive_rng
        if defender.local_name and arng.random() < OTHER_SPELLING_SHARE:
            spelling = defender.full_name
            for latin, other in SPELLINGS:
                spelling = spelling.replace(latin, other)
            if spelling != defender.full_name:
                batch.add(OtherName(defender=defender, name=spelling, position=0))
        elif not defender.local_name and arng.random() < ALIAS_SHARE:
            alias = defender.full_name.split(" ")[-1] + " " + arng.choice(("Jr.", "the Elder"))
            batch.add(OtherName(defender=defender, name=alias, kind=OtherName.Kind.ALIAS))
        batch.add(
            Affiliation(
                defender=defender,
                organisation=defender.organisation,
                role=defender.role,
                position=0,
            )
        )
        if arng.random() < SECOND_AFFILIATION_SHARE:
            organisation = arng.choice(pools.ORGANISATIONS).format(
                city=city.name, region=city.region
            )
            if organisation != defender.organisation:
                second = batch.add(
                    Affiliation(
                        defender=defender,
                        organisation=organisation,
                        role="member",
                        period=f"since {self.today.year - arng.randint(1, 12)}",
                        position=1,
                    )
                )
                if self.detail_rng.random() < AFFILIATION_SINCE_SHARE:
                    year = int(second.period.removeprefix("since "))
                    value = UncertainDate.normalised(dt.date(year, 1, 1), Precision.YEAR)
                    uncertain_date_set(second, "since", value)

    def _people(self, batch: _Batch, country: Country, city: City) -> list[_Person]:
        wanted = self._count(DEFENDERS_PER_CASE, [50, 30, 14, 6])
        known = self.defenders[country.code]
        people: list[_Person] = []
        # Now and then a defender already known appears in another case.
        if known and self.rng.random() < 0.08:
            reused = self.rng.choice(known)
            people.append(_Person(reused.defender, reused.title, new=False))
        while len(people) < wanted:
            people.append(self._defender(batch, country, city))
        return people

    # --- a case -----------------------------------------------------------------------------

    def case(self, batch: _Batch, country: Country) -> None:
        rng = self.rng
        city = rng.choice(country.cities)
        start = self.today - dt.timedelta(days=rng.randint(20, 1500))
        # Where each table's rows of this case begin (for _provenance).
        marks = {model: len(rows) for model, rows in batch.rows.items()}
        people = self._people(batch, country, city)
        labels = rng.sample(sorted(self.labels), k=rng.randint(1, 4))
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        names = _names([p.title for p in people])
        case = batch.add(
            Case(
                country=country.code,
                time_zone=city.time_zone,
                title=f"{country.name}: {_names(labels, lower_tail=True)} of {names}",
                status=status,
                summary=(
                    f"{names} ({people[0].defender.role}) faced {labels[0].lower()} in "
                    f"{city.name} from {start:%B %Y}."
                ),
                background=f"Human rights defenders in {city.region} have been targeted since "
                f"{start.year - rng.randint(1, 5)}.",
                published_at=(
                    timezone.now()
                    if status in {Case.Status.PUBLISHED, Case.Status.CLOSED}
                    else None
                ),
                internal_notes="Source asked not to be named." if rng.random() < 0.1 else "",
                # A closed case stops the days detained of whoever it left held (case_close
                # sets the day; here, within the last few weeks).
                closed_on=(
                    self.today - dt.timedelta(days=self.archive_rng.randint(1, 15))
                    if status == Case.Status.CLOSED
                    else None
                ),
            )
        )
        for label in labels:
            batch.add(
                Case.violations.through(case_id=case.pk, violationlabel_id=self.labels[label])
            )
        for person in people:
            batch.add(Case.defenders.through(case_id=case.pk, defender_id=person.defender.pk))
        pool = self.authorities[country.code]
        picked = sorted(
            rng.sample(range(len(pool)), k=self._count(AUTHORITIES_PER_CASE)),
        )
        links = [
            batch.add(CaseAuthority(case=case, authority=pool[index], position=position))
            for position, index in enumerate(picked)
        ]
        case._generated_city = city  # for the proceedings' courts (_charges)
        charges = self._charges(batch, case, country, people, start)
        periods = self._detention(batch, case, city, people, start)
        periods += self._measures(batch, case, city, people, start, periods)
        hearings = self._hearings(batch, case, country, city, people, start)
        groups = self._unnamed_groups(batch, case)
        self._events(batch, case, city, people, start, charges, periods, hearings, groups)
        label_ids = [self.labels[label] for label in labels]
        sources = self._appeal(batch, case, country, people, links, start, label_ids)
        sources += self._other_issuers_appeals(batch, case, links, start)
        self._provenance(batch, marks, sorted(sources, key=lambda source: source[0]))
        self._external_references(batch, case, country, start)
        self._hearing_moves(batch, hearings)
        self._disclosures(people)

    def _external_references(self, batch, case, country: Country, start: dt.date) -> None:
        """Other organisations' appeals on the case, as a case records them."""
        rng = self.record_rng
        if rng.random() >= EXTERNAL_REFERENCE_SHARE:
            return
        for issuer, form in rng.sample(EXTERNAL_ISSUERS, k=rng.randint(1, 3)):
            date = self._between_with(rng, start, self.today) if rng.random() < 0.9 else None
            year = (date or self.today).year
            reference = form.format(
                n=rng.randint(1, 250), yy=f"{year % 100:02d}", yyyy=year, country=country.code
            )
            batch.add(
                ExternalReference(
                    case=case,
                    issuer=issuer,
                    reference=reference,
                    reference_key=reference_key(reference),
                    date=date,
                    url=f"https://example.org/appeals/{reference_key(reference)}"
                    if rng.random() < 0.5
                    else "",
                )
            )

    def _hearing_moves(self, batch, hearings: list[Hearing]) -> None:
        """Hearings moved before they came: postponed ones, and a share of the others, once
        or twice, each move ending where the next begins and the last at the hearing's day."""
        rng = self.record_rng
        for hearing in hearings:
            if hearing.status != Hearing.Status.POSTPONED and rng.random() >= MOVED_SHARE:
                continue
            to_date, to_time = hearing.local_date, hearing.local_time
            for _ in range(rng.randint(1, 2)):
                from_date = to_date - dt.timedelta(days=rng.randint(7, 60))
                from_time = to_time if rng.random() < 0.7 else dt.time(10, 0)
                batch.add(
                    HearingMove(
                        hearing=hearing,
                        from_date=from_date,
                        from_time=from_time,
                        from_time_zone=hearing.time_zone,
                        to_date=to_date,
                        to_time=to_time,
                        to_time_zone=hearing.time_zone,
                        reason=rng.choice(HEARING_MOVE_REASONS),
                    )
                )
                to_date, to_time = from_date, from_time

    def _disclosures(self, people: list[_Person]) -> None:
        """Confidential facts staff decided to disclose (appeals_site.confidential): of a new
        defender's, one of those the generator filled."""
        rng = self.record_rng
        for person in people:
            defender = person.defender
            filled = [
                name
                for name in ("health_notes", "family_notes", "home_address")
                if getattr(defender, name)
            ]
            if person.new and filled and rng.random() < DISCLOSED_SHARE:
                defender.disclosed_fields = [rng.choice(filled)]

    def _charges(self, batch, case, country, people, start) -> list[Charge]:
        rng = self.rng
        wanted = self._count(CHARGES_PER_CASE, [25, 25, 20, 15, 10, 5])
        charges: list[Charge] = []
        proceedings: dict[str, Proceeding] = {}

        def proceeding_of(kind: str) -> Proceeding:
            if kind not in proceedings:
                proceedings[kind] = batch.add(Proceeding(case=case, kind=kind))
                if self.detail_rng.random() < PROCEEDING_COURT_SHARE:
                    proceedings[kind].court = self.detail_rng.choice(pools.COURTS).format(
                        city=case._generated_city.name,
                        region=case._generated_city.region,
                        n=self.detail_rng.randint(1, 4),
                    )
            return proceedings[kind]

        def add(charge: Charge, defender, *others) -> Charge:
            batch.add(charge)
            for one in (defender, *others):
                batch.add(Charge.defenders.through(charge_id=charge.pk, defender_id=one.pk))
            charge._generated_defender = defender  # for the timeline (_events)
            charges.append(charge)
            return charge

        while len(charges) < wanted:
            person = rng.choice(people)
            administrative = rng.random() < 0.2
            offence, penalty = rng.choice(
                pools.ADMINISTRATIVE_OFFENCES if administrative else pools.CRIMINAL_OFFENCES
            )
            brought = self._between(start, self.today)
            status = rng.choices(
                list(CHARGE_STATUS_WEIGHTS), weights=list(CHARGE_STATUS_WEIGHTS.values())
            )[0]
            if status == Charge.Status.REPLACED and len(charges) + 2 > wanted:
                status = Charge.Status.PENDING  # no room left for the replacement
            decided = None
            if status != Charge.Status.PENDING:
                decided = self._between(brought, self.today)
            sentence = ""
            if status == CONVICTED:
                sentences = (
                    pools.ADMINISTRATIVE_SENTENCES if administrative else pools.PRISON_SENTENCES
                )
                sentence = rng.choice(sentences)
            kind = "administrative" if administrative else "criminal"
            # A joint charge: brought against a second defender of the case too.
            joint = []
            if len(people) > 1 and self.archive_rng.random() < JOINT_CHARGE_SHARE:
                joint = [self.archive_rng.choice([p for p in people if p is not person]).defender]
            # Replaced charges and their replacements are criminal: one proceeding.
            proceeding = proceeding_of("criminal" if status == Charge.Status.REPLACED else kind)
            outcome = status if status in (CONVICTED, ACQUITTED) else ""
            charge = add(
                Charge(
                    proceeding=proceeding,
                    case=case,
                    instrument_kind=kind,
                    instrument=(
                        "Code of Administrative Offences" if administrative else "Criminal Code"
                    ),
                    article=self._article(country, offence, administrative),
                    offence=offence,
                    maximum_penalty=penalty,
                    date_brought=brought,
                    status=Charge.Status.DECIDED if outcome else status,
                    ended_on=decided if status == Charge.Status.DROPPED else None,
                ),
                person.defender,
                *joint,
            )
            if outcome:
                self._decision(
                    batch,
                    proceeding,
                    charge,
                    [person.defender, *joint],
                    decided,
                    outcome,
                    sentence,
                )
            if status == Charge.Status.REPLACED:
                # Prosecutors swapped it for another offence on the day it was replaced.
                new_offence, new_penalty = rng.choice(pools.CRIMINAL_OFFENCES)
                replacement = add(
                    Charge(
                        proceeding=proceeding,
                        case=case,
                        instrument="Criminal Code",
                        article=self._article(country, new_offence, False),
                        offence=new_offence,
                        maximum_penalty=new_penalty,
                        date_brought=decided,
                    ),
                    person.defender,
                )
                charge.ended_on = decided
                replacements = [replacement]
                # Now and then replaced by two ("two charges replaced by three").
                if len(charges) < wanted and self.archive_rng.random() < REPLACED_BY_TWO_SHARE:
                    second, second_penalty = self.archive_rng.choice(pools.CRIMINAL_OFFENCES)
                    replacements.append(
                        add(
                            Charge(
                                proceeding=proceeding,
                                case=case,
                                instrument="Criminal Code",
                                # Sources often name the new offence without its article.
                                article="",
                                offence=second,
                                maximum_penalty=second_penalty,
                                date_brought=decided,
                            ),
                            person.defender,
                        )
                    )
                for new in replacements:
                    batch.add(
                        Charge.replaced_by.through(from_charge_id=charge.pk, to_charge_id=new.pk)
                    )
        return charges

    def _decision(self, batch, proceeding, charge, defenders, date, outcome, sentence) -> None:
        """A first-instance decision on the charge ruling on each of its defenders: a
        conviction with its sentence as printed and in parts (maybe suspended, with a ban
        beside it, and the sentence the prosecution requested), or an acquittal; some
        convictions are decided again on appeal (upheld, or reduced). Its numbers are drawn
        from random streams of their own, so that the rest of a seed's cases stay as they
        were."""
        arng, drng = self.archive_rng, self.detail_rng
        decision = batch.add(
            Decision(proceeding=proceeding, date=date, level=Decision.Instance.FIRST)
        )
        batch.add(Decision.charges.through(decision_id=decision.pk, charge_id=charge.pk))
        rulings = []
        for defender in defenders:
            ruling = batch.add(
                Ruling(decision=decision, defender=defender, outcome=outcome, as_printed=sentence)
            )
            rulings.append(ruling)
            if drng.random() < OUTCOME_AS_PRINTED_SHARE:
                ruling.outcome_as_printed = OUTCOMES_AS_PRINTED[outcome]
            if drng.random() < RULING_CHARGES_SHARE:  # a charge of this proceeding, against them
                batch.add(Ruling.charges.through(ruling=ruling, charge_id=charge.pk))
            if outcome != CONVICTED:
                continue
            parts = []
            if charge.instrument_kind == "administrative":
                part = SentencePart(ruling=ruling, kind=SentencePart.Kind.FINE, currency="som")
                part.amount = self.sentence_rng.choice((500, 1000, 5000))
                parts.append(part)
            else:
                part = SentencePart(ruling=ruling, kind=SentencePart.Kind.IMPRISONMENT)
                part.years = self.sentence_rng.randint(1, 10)
                parts.append(part)
                if arng.random() < SUSPENDED_SHARE:
                    part.suspension = SentencePart.Suspension.SUSPENDED
                    part.suspension_years = arng.randint(1, 5)
                if arng.random() < SIDE_PENALTY_SHARE:
                    kind, detail = arng.choice(SIDE_PENALTIES)
                    parts.append(
                        SentencePart(
                            ruling=ruling, kind=kind, detail=detail, years=arng.randint(1, 5)
                        )
                    )
                if arng.random() < REQUESTED_SHARE:
                    requested = SentencePart(
                        ruling=ruling,
                        kind=SentencePart.Kind.IMPRISONMENT,
                        requested=True,
                        years=part.years + arng.randint(1, 4),
                    )
                    parts.append(requested)
            for position, one in enumerate(p for p in parts if not p.requested):
                one.position = position
            for one in parts:
                self._sentence_as_printed(one)
                batch.add(one)
        lodged = outcome == CONVICTED and drng.random() < APPEAL_LODGED_SHARE
        if lodged:
            decision.appeal_lodged = True
            decision.appeal_lodged_by = drng.choice(("the defence", "their lawyers"))
            decision.appeal_lodged_as_printed = (
                f"{decision.appeal_lodged_by.capitalize()} appealed."
            )
        if outcome != CONVICTED or date >= self.today:
            return
        if arng.random() >= APPEAL_DECISION_SHARE:
            return
        appeal_date = self._between_with(arng, date + dt.timedelta(days=30), self.today)
        if appeal_date > self.today:  # too recent for an appeal to be decided
            return
        decision.appeal_lodged = True  # it was decided on appeal
        on_appeal = batch.add(
            Decision(
                proceeding=proceeding,
                date=appeal_date,
                level=Decision.Instance.APPEAL,
                court=f"{arng.choice(('Regional', 'City'))} Court of Appeal",
            )
        )
        batch.add(Decision.charges.through(decision_id=on_appeal.pk, charge_id=charge.pk))
        for ruling in rulings:
            reduced = arng.random() < 0.3
            upheld = batch.add(
                Ruling(
                    decision=on_appeal,
                    defender_id=ruling.defender_id,
                    outcome=Ruling.Outcome.REDUCED if reduced else Ruling.Outcome.UPHELD,
                )
            )
            if reduced:
                batch.add(
                    SentencePart(
                        ruling=upheld,
                        kind=SentencePart.Kind.IMPRISONMENT,
                        months=arng.randint(6, 18),
                    )
                )

    def _sentence_as_printed(self, part: SentencePart) -> None:
        """Now and then the part in the source's words: its term, regime, suspension."""
        drng = self.detail_rng
        if part.requested or drng.random() >= SENTENCE_AS_PRINTED_SHARE:
            return
        if part.kind == SentencePart.Kind.FINE:
            part.as_printed = f"a fine of {part.amount:,} {part.currency}"
            return
        if not part.years:
            return
        years = NUMBER_WORDS[part.years - 1] if part.years <= len(NUMBER_WORDS) else part.years
        unit = "year" if part.years == 1 else "years"
        if part.kind != SentencePart.Kind.IMPRISONMENT:
            part.term_as_printed = f"for {years} {unit}"
            return
        possessive = "'" if part.years > 1 else "'s"
        part.term_as_printed = f"{years} {unit}{possessive} imprisonment"
        if part.suspension:
            probation = part.suspension_years
            part.suspension_as_printed = "a suspended sentence"
            part.suspension_term_as_printed = (
                f"{probation} year{'s' if probation != 1 else ''} of probation"
            )
        else:
            part.regime = drng.choice(REGIMES)

    def _term(self, kind: str) -> Term:
        rng = self.rng
        if kind == K.POLICE_CUSTODY:
            return Term(days=rng.choice((2, 3)))
        if kind == K.ADMINISTRATIVE:
            return Term(days=rng.choice((5, 10, 15)))
        if kind == K.IMPRISONMENT:
            return Term(months=rng.choice((24, 36, 48, 60, 72, 96)))
        if kind == K.PRE_TRIAL and rng.random() < 0.15:
            return Term(days=15)
        return Term(months=2)

    def _detention(self, batch, case, city, people, start) -> list[DetentionPeriod]:
        """Return a chain of periods for one defender: consecutive (the next starts the day the
        last ended, or the day after) or with a gap, some extended, the last one maybe ongoing."""
        rng = self.rng
        wanted = self._count(DETENTION_PERIODS_PER_CASE, [35, 30, 25, 10])
        if not wanted:
            return []
        fresh = [p for p in people if p.new] or people
        person = rng.choice(fresh)
        periods: list[DetentionPeriod] = []
        begins = start + dt.timedelta(days=rng.randint(0, 10))
        chain = rng.choice(DETENTION_CHAINS[wanted])
        for number, kind in enumerate(chain):
            if begins > self.today:
                break
            last = number == len(chain) - 1
            ordered = self._term(kind)
            extensions: list[tuple[dt.date, Term]] = []
            ends = ordered.added_to(begins)
            if kind in {K.PRE_TRIAL, K.HOUSE_ARREST}:
                for _ in range(rng.choices((0, 1, 2, 3), weights=(40, 30, 20, 10))[0]):
                    on = max(begins, ends - dt.timedelta(days=rng.randint(1, 10)))
                    if on > self.today:
                        break
                    extension = Term(months=rng.randint(1, 3))
                    extensions.append((on, extension))
                    ends = extension.added_to(ends)
            if last and (ends >= self.today or rng.random() < 0.4):
                actual_end = None
            else:
                actual_end = min(ends, self.today - dt.timedelta(days=1))
                if actual_end < begins:
                    break
                extensions = [(on, ext) for on, ext in extensions if on <= actual_end]
            period = batch.add(
                DetentionPeriod(
                    case=case,
                    defender=person.defender,
                    kind=kind,
                    start_date=begins,
                    start_date_latest=begins,
                    term_days=ordered.days,
                    term_months=ordered.months,
                    term_ends_on=term_runs_out_on(begins, ordered, [e for _, e in extensions]),
                    ordered_by=rng.choice(pools.COURTS).format(
                        city=city.name, region=city.region, n=rng.randint(1, 4)
                    ),
                    place="Pre-trial detention centre No. 1" if kind == K.PRE_TRIAL else "",
                    # Staff mark custody that ran on the day after as continuous (or not).
                    continues_previous=bool(
                        periods
                        and periods[-1].actual_end == begins - dt.timedelta(days=1)
                        and self.archive_rng.random() < CONTINUOUS_SHARE
                    ),
                    incommunicado=rng.random() < 0.05,
                    actual_end=actual_end,
                    actual_end_latest=actual_end,
                )
            )
            for on, extension in extensions:
                batch.add(
                    DetentionExtension(period=period, ordered_on=on, term_months=extension.months)
                )
            periods.append(period)
            if actual_end is None:
                person.defender.situation = ONGOING_SITUATION[kind]
                if person.new and self.detail_rng.random() < HELD_SINCE_SHARE:
                    uncertain_date_set(person.defender, "held_since", UncertainDate.exact(begins))
                    person.defender.held_since_as_printed = f"since {begins:%-d %B %Y}"
                break
            person.defender.situation = Defender.Situation.RELEASED
            consecutive = rng.random() < 0.75
            begins = actual_end + dt.timedelta(
                days=rng.choice((0, 1)) if consecutive else rng.randint(10, 200)
            )
        return periods

    def _between_with(self, rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))

    def _uncertain(self, day: dt.date) -> tuple[UncertainDate, str]:
        """Return a date around `day` as loosely as sources give one, and their wording."""
        arng = self.archive_rng
        precision = arng.choices(
            (Precision.MONTH, Precision.SEASON, Precision.RANGE, Precision.ABOUT, Precision.YEAR),
            weights=(50, 10, 20, 10, 10),
        )[0]
        if precision == Precision.RANGE:
            last = day + dt.timedelta(days=arng.randint(2, 6))
            return UncertainDate(day, last, precision), (
                f"between {day:%-d %B} and {last:%-d %B %Y}"
            )
        if precision == Precision.ABOUT:
            return UncertainDate(
                day.replace(day=1, month=1), day.replace(day=31, month=12), precision
            ), (f"about {day.year}")
        value = UncertainDate.normalised(day, precision)
        if precision == Precision.MONTH:
            return value, f"in {day:%B %Y}"
        if precision == Precision.SEASON:
            return value, f"in {value.iso().split('-')[1]} {value.earliest.year}"
        return value, f"in {day.year}"

    def _measures(self, batch, case, city, people, start, periods: list) -> list[DetentionPeriod]:
        """Now and then a measure besides detention (a travel ban, judicial control,
        provisional release with conditions), its start maybe known to the month only, its
        term maybe stated by its end, maybe extended by a length nobody printed."""
        arng = self.archive_rng
        high = DETENTION_PERIODS_PER_CASE[1]
        if len(periods) >= high or arng.random() >= MEASURE_SHARE:
            return []
        person = arng.choice(people)
        kind = arng.choice((K.TRAVEL_BAN, K.JUDICIAL_CONTROL, K.PROVISIONAL_RELEASE))
        begins = self._between_with(arng, start, self.today)
        measure = DetentionPeriod(
            case=case,
            defender=person.defender,
            kind=kind,
            conditions=MEASURE_CONDITIONS[kind],
            ordered_by=arng.choice(pools.COURTS).format(
                city=city.name, region=city.region, n=arng.randint(1, 4)
            ),
        )
        if arng.random() < UNCERTAIN_START_SHARE:
            value, printed = self._uncertain(begins)
            uncertain_date_set(measure, "start_date", value)
            measure.start_date_as_printed = printed
        else:
            uncertain_date_set(measure, "start_date", UncertainDate.exact(begins))
        exact = measure.start_date_precision == Precision.DAY
        extensions = []
        if arng.random() < 0.4:
            # "until 14 August": the term stated by its end.
            measure.term_until = measure.start_date_latest + dt.timedelta(
                days=arng.randint(30, 365)
            )
            term = Term(until=measure.term_until)
        else:
            measure.term_months = arng.choice((2, 3, 6, 12))
            term = Term(months=measure.term_months)
            if kind == K.JUDICIAL_CONTROL and arng.random() < 0.3:
                # "extended" with no length given: the term's end is not known any more.
                on = min(self.today, measure.start_date_latest + dt.timedelta(days=50))
                extensions.append(DetentionExtension(period=measure, ordered_on=on))
        measure.term_ends_on = term_runs_out_on(
            measure.start_date if exact else None,
            term,
            [Term(days=e.term_days, months=e.term_months, until=e.until) for e in extensions],
        )
        self._measure_details(measure, term, periods, extensions)
        batch.add(measure)
        for extension in extensions:
            batch.add(extension)
        return [measure]

    def _measure_details(self, measure, term: Term, periods: list, extensions: list) -> None:
        """Now and then the measure and its term as printed, how often the defender reports,
        the detention it runs with, and its end when its term ran out (on a day no source
        gives)."""
        drng = self.detail_rng
        kind = measure.kind
        if drng.random() < MEASURE_AS_PRINTED_SHARE:
            measure.kind_as_printed = MEASURES_AS_PRINTED[kind]
            if term.months:
                measure.term_as_printed = f"for {term.months} months"
            elif term.until:
                measure.term_until_as_printed = f"until {term.until:%-d %B %Y}"
        if kind == K.JUDICIAL_CONTROL and drng.random() < REPORTING_SHARE:
            measure.reporting_every = 1
            measure.reporting_unit = DetentionPeriod.Unit.WEEK
            measure.reporting_as_printed = "must report to the police every week"
        if periods and drng.random() < RUNS_WITH_SHARE:
            measure.runs_with = periods[-1]  # a period of the same case
        runs_out = measure.term_ends_on
        if (
            not extensions
            and runs_out is not None
            and runs_out < self.today
            and drng.random() < ENDED_MEASURE_SHARE
        ):
            measure.ended = True
            measure.ended_as_printed = MEASURES_ENDED[kind]

    def _unnamed_groups(self, batch, case) -> list[UnnamedGroup]:
        """People the sources name only by a count ("and a dozen other lawyers")."""
        if self.archive_rng.random() >= UNNAMED_GROUP_SHARE:
            return []
        description, count, approximate = self.archive_rng.choice(UNNAMED_GROUPS)
        group = UnnamedGroup(
            case=case,
            description=description,
            count=count,
            count_approximate=approximate,
            position=0,
        )
        drng = self.detail_rng
        if drng.random() < GROUP_DETAIL_SHARE:
            group.city = case._generated_city.name
            if count is not None and not approximate:
                group.count_qualifier = UnnamedGroup.CountQualifier.AT_LEAST
            # Its day is that of the event that names them (_events).
            group.release_as_printed = "Most of them were released the same evening."
        return [batch.add(group)]

    def _hearings(self, batch, case, country, city, people, start) -> list[Hearing]:
        rng = self.rng
        hearings = []
        for _ in range(self._count(HEARINGS_PER_CASE, [30, 25, 20, 15, 10])):
            where = city if rng.random() < 0.8 else rng.choice(country.cities)
            local_date = self._between(start, self.today + dt.timedelta(days=180))
            local_time = (
                None if rng.random() < 0.1 else dt.time(9 + rng.randint(0, 7), rng.choice((0, 30)))
            )
            try:
                starts_at = hearing_starts_at(
                    local_date=local_date, local_time=local_time, time_zone=where.time_zone
                )
            except ValidationError:  # a time the clocks skip that day: take the next hour
                skipped = local_time or dt.time(0, 0)
                local_time = dt.time(skipped.hour + 1, skipped.minute)
                starts_at = hearing_starts_at(
                    local_date=local_date, local_time=local_time, time_zone=where.time_zone
                )
            purpose = rng.choice(HEARING_PURPOSES)
            if local_date >= self.today:
                status = Hearing.Status.SCHEDULED
            else:
                status = rng.choices(
                    [Hearing.Status.HELD, Hearing.Status.POSTPONED, Hearing.Status.CANCELLED],
                    weights=[85, 8, 7],
                )[0]
            hearing = batch.add(
                Hearing(
                    case=case,
                    court=rng.choice(pools.COURTS).format(
                        city=where.name, region=where.region, n=rng.randint(1, 4)
                    ),
                    city=where.name,
                    local_date=local_date,
                    local_time=local_time,
                    time_zone=where.time_zone,
                    starts_at=starts_at,
                    purpose=purpose,
                    status=status,
                    outcome=pools.HEARING_OUTCOMES[purpose] if status == "held" else "",
                    observers_attending=rng.random() < 0.3,
                )
            )
            if self.detail_rng.random() < HEARING_AS_PRINTED_SHARE:
                hearing.court_as_printed = f"a court in {where.name}"
                hearing.purpose_as_printed = f"the {hearing.get_purpose_display().lower()}"
                if local_time is not None:
                    hearing.time_as_printed = f"{local_time:%H:%M} local time"
                hearing.summoned = self.detail_rng.random() < 0.8
            for person in rng.sample(people, k=rng.randint(1, len(people))):
                batch.add(
                    Hearing.defenders.through(hearing_id=hearing.pk, defender_id=person.defender.pk)
                )
            hearings.append(hearing)
        return hearings

    def _events(self, batch, case, city, people, start, charges, periods, hearings, groups):
        """Return the timeline: the events the case's records imply (arrests, remands,
        extensions, releases, charges, verdicts), topped up with threats, raids … to 3–10."""
        rng = self.rng
        by_defender = {p.defender.pk: p for p in people}
        events: list[tuple] = []  # (date, kind, who, detail, the charge told of or None)
        for period in periods:
            if period.kind not in ONGOING_SITUATION:  # a measure besides detention: no arrest
                continue
            who = [by_defender[period.defender_id]]
            kind = Event.Kind.REMAND if period.kind == K.PRE_TRIAL else Event.Kind.ARREST
            events.append((period.start_date, kind, who, "", None))
            if period.actual_end:
                events.append((period.actual_end, Event.Kind.RELEASE, who, "", None))
        for charge in charges[:2]:
            events.append(
                (
                    charge.date_brought,
                    Event.Kind.CHARGE,
                    [by_defender[charge._generated_defender.pk]],
                    charge.offence,
                    charge,
                )
            )
        for hearing in hearings:
            if hearing.purpose == Hearing.Purpose.VERDICT and hearing.status == "held":
                events.append((hearing.local_date, Event.Kind.VERDICT, people, hearing.court, None))
        low, high = EVENTS_PER_CASE
        wanted = max(low, min(high, len(events) + rng.randint(0, 3)))
        events = rng.sample(events, k=min(len(events), wanted))
        while len(events) < wanted:
            who = rng.sample(people, k=rng.randint(1, len(people)))
            events.append(
                (self._between(start, self.today), rng.choice(RANDOM_EVENT_KINDS), who, "", None)
            )
        for date, kind, who, detail, charge in sorted(events, key=lambda e: e[0]):
            names = _names([p.title for p in who])
            seized = ""
            if kind == Event.Kind.SEARCH:
                seized = _names(rng.sample(pools.SEIZED, k=rng.randint(1, 3))).capitalize() + "."
            event = batch.add(
                Event(
                    case=case,
                    date=date,
                    date_latest=date,
                    kind=kind,
                    description=self._describe(kind, names, city, detail),
                    seized_items=seized,
                    source_identity=(
                        f"A relative of {who[0].title} (name withheld)."
                        if rng.random() < 0.1
                        else ""
                    ),
                )
            )
            for person in who:
                batch.add(
                    Event.defenders.through(event_id=event.pk, defender_id=person.defender.pk)
                )
            self._event_details(batch, event, who, city, charge)
            arng = self.archive_rng
            if kind in RANDOM_EVENT_KINDS and arng.random() < UNCERTAIN_EVENT_SHARE:
                value, event.date_as_printed = self._uncertain(date)
                uncertain_date_set(event, "date", value)
            if groups and kind in {Event.Kind.ARREST, Event.Kind.THREAT, Event.Kind.ATTACK}:
                groups_named, groups = groups, []  # the first such event names them
                for group in groups_named:
                    if group.release_as_printed and event.date_precision == Precision.DAY:
                        uncertain_date_set(group, "released_on", UncertainDate.exact(date))
                    batch.add(
                        Event.unnamed_groups.through(event_id=event.pk, unnamedgroup_id=group.pk)
                    )

    def _event_details(self, batch, event, who, city, charge) -> None:
        """Now and then where it happened and who acted, as printed; the charge it tells of;
        the organisation searched; the words of a threat; whether it was reported."""
        drng = self.detail_rng
        kind = event.kind
        if charge is not None and drng.random() < EVENT_CHARGES_SHARE:
            batch.add(Event.charges.through(event_id=event.pk, charge_id=charge.pk))
        if kind in EVENT_PLACES and drng.random() < EVENT_DETAIL_SHARE:
            their = "their" if len(who) > 1 else "the defender's"
            event.place = EVENT_PLACES[kind].format(their=their, city=city.name)
            if kind != Event.Kind.SEARCH:
                event.actor = drng.choice(EVENT_ACTORS)
        if kind == Event.Kind.SEARCH and drng.random() < EVENT_DETAIL_SHARE:
            event.organisation = who[0].defender.organisation
        if kind == Event.Kind.THREAT and drng.random() < QUOTED_SHARE:
            event.quotation = drng.choice(QUOTATIONS)
            event.quoted_by = "An officer, as the defender told it."
        if kind in {Event.Kind.THREAT, Event.Kind.ATTACK} and drng.random() < REPORTED_SHARE:
            event.reported_to_police = True
            event.investigation_opened = drng.random() < 0.3

    def _describe(self, kind: str, names: str, city: City, detail: str) -> str:
        return pools.EVENT_TEMPLATES[kind].format(
            names=names,
            city=city.name,
            detail=detail,
            force=self.rng.choice(pools.FORCES),
            activity=self.rng.choice(pools.ACTIVITIES),
            media=self.rng.choice(pools.MEDIA),
        )

    @functools.cached_property
    def own_issuer(self) -> Issuer:
        """The organisation itself: it issues the generated appeals."""
        return Issuer.objects.own()

    def _appeal(self, batch, case, country, people, links, start, label_ids) -> list:
        """Return the organisation's appeals on the case as (issue date, appeal): an issued
        Urgent Appeal (one in three with a follow-up) on some published or closed cases, made
        as drafts here and issued by write() through appeal_issue, so that their references
        come from the counters; or add a draft on some cases in review."""
        rng = self.rng
        if case.status in {Case.Status.PUBLISHED, Case.Status.CLOSED}:
            if rng.random() >= ISSUED_APPEAL_SHARE:
                return []
            issued = self._between(start, self.today)
            followup = None
            if issued < self.today and rng.random() < FOLLOWUP_SHARE:
                followup = self._between(issued + dt.timedelta(days=1), self.today)
            clauses = (*rng.sample(ACTION_CLAUSES, k=rng.randint(1, 3)), UN_DECLARATION)
            sources = []
            types = Appeal.InterventionType
            for date, kind in ((issued, types.URGENT_APPEAL), (followup, types.NEW_INFORMATION)):
                if date is None:
                    continue
                appeal = self._draft(batch, case, country, people, links, label_ids, clauses)
                appeal.intervention_type = kind
                batch.issued.append((appeal, date))
                sources.append((date, appeal))
            return sources
        if case.status != Case.Status.IN_REVIEW or rng.random() >= DRAFT_APPEAL_SHARE:
            return []
        clauses = (*ACTION_CLAUSES[:2], UN_DECLARATION)
        self._draft(batch, case, country, people, links, label_ids, clauses)
        return []

    def _draft(self, batch, case, country, people, links, label_ids, clauses) -> Appeal:
        """Add a draft appeal of the organisation as appeal_create makes one (the case's
        violations, target authorities and texts), with these standard actions."""
        appeal = batch.add(Appeal(case=case, issuer=self.own_issuer))
        for label_id in label_ids:
            batch.add(Appeal.violations.through(appeal_id=appeal.pk, violationlabel_id=label_id))
        batch.add(
            AppealText(
                appeal=appeal,
                language="en",
                is_original=True,
                title=case.title,
                description=case.summary,
                background=case.background,
            )
        )
        # The case is not in the database yet, so ActionClause.text_for (which
        # reads its defenders) cannot fill the clauses in; this does what it does.
        names = sorted(p.defender.full_name for p in people)  # Defender's default ordering
        defenders = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
        for position, name in enumerate(clauses, start=1):
            clause = self.clauses.get(name)
            text = clause.text_en if clause else name
            batch.add(
                Action(
                    appeal=appeal,
                    language="en",
                    position=position,
                    clause=clause,
                    text=text.replace("{defenders}", defenders).replace("{country}", country.name),
                )
            )
        for link in links:
            batch.add(
                AppealAuthority(appeal=appeal, authority=link.authority, position=link.position)
            )
        return appeal

    @functools.cached_property
    def other_issuers(self) -> dict[str, tuple[Issuer, str]]:
        """The other issuers (OTHER_ISSUERS) by slug, with the prefix of their numbers."""
        issuers = {}
        for name, slug, prefix in OTHER_ISSUERS:
            issuer, _created = Issuer.objects.get_or_create(slug=slug, defaults={"name": name})
            issuers[slug] = (issuer, prefix)
        return issuers

    def _other_issuers_appeals(self, batch, case, links, start) -> list:
        """Return another issuer's documents on the case as (issue date, appeal), recorded as
        printed (their own numbers or none, their index numbers) and issued: an Urgent Action
        and maybe further information under the same number."""
        arng = self.archive_rng
        if case.status not in {Case.Status.PUBLISHED, Case.Status.CLOSED}:
            return []
        if arng.random() >= OTHER_ISSUER_SHARE:
            return []
        issuer, prefix = self.other_issuers[arng.choice(OTHER_ISSUERS)[1]]
        date = self._between_with(arng, start, self.today)
        reference, index_number = None, ""
        if prefix:
            self.numbers[issuer.slug, date.year] += 1
            reference = f"{prefix} {self.numbers[issuer.slug, date.year]}/{date:%y}"
            index_number = f"EUR {arng.randint(10, 99)}/{arng.randint(1000, 9999)}/{date.year}"
        types = Appeal.InterventionType
        sources = []
        for sequence in range(1 + arng.choices((0, 1, 2), weights=(60, 30, 10))[0]):
            if sequence:
                date = self._between_with(arng, date + dt.timedelta(days=1), self.today)
                if date <= sources[-1][0]:
                    break
            appeal = Appeal(
                case=case,
                issuer=issuer,
                intervention_type=types.FURTHER_INFORMATION if sequence else types.URGENT_ACTION,
                reference=reference,
                sequence=sequence if reference else None,
                index_number=index_number,
                issue_date=date,
                issued_at=timezone.now(),
            )
            appeal.clean()  # the normal forms of its reference and index number
            batch.add(appeal)
            batch.add(
                AppealText(
                    appeal=appeal,
                    language="en",
                    is_original=True,
                    title=case.title,
                    description=case.summary,
                )
            )
            for link in links[:2]:
                batch.add(
                    AppealAuthority(appeal=appeal, authority=link.authority, position=link.position)
                )
            self._footnotes(batch, appeal, case)
            sources.append((date, appeal))
        if (
            case.status == Case.Status.CLOSED
            and self.detail_rng.random() < CASE_CLOSED_AS_PRINTED_SHARE
        ):
            sources[-1][1].case_closed_as_printed = self.detail_rng.choice(CLOSINGS).format(
                issuer=issuer.name
            )
        return sources

    def _footnotes(self, batch, appeal, case) -> None:
        """Now and then the document's notes, numbered [1], [2] … as printed (no reference
        to another document, so none is cited)."""
        drng = self.detail_rng
        if drng.random() >= FOOTNOTE_SHARE:
            return
        city = case._generated_city
        for number, template in enumerate(drng.sample(FOOTNOTES, k=drng.randint(1, 3)), start=1):
            footnote = Footnote(
                appeal=appeal,
                number=number,
                position=number - 1,
                text=template.format(article=drng.randint(100, 399), region=city.region),
            )
            if drng.random() < 0.3:  # the day of what it cites
                cited = appeal.issue_date - dt.timedelta(days=drng.randint(1, 60))
                uncertain_date_set(footnote, "date", UncertainDate.exact(cited))
            batch.add(footnote)

    def _provenance(self, batch: _Batch, marks: dict, sources: list) -> None:
        """Attribute the case's records (those added since `marks`) to the appeals that
        stated them, as case_save does from its source appeal: the first of `sources` states
        every fact; a later one changed some."""
        if not sources:
            return
        arng = self.archive_rng
        first = sources[0][1]
        later = [appeal for _date, appeal in sources[1:]]
        for model, rows in batch.rows.items():
            if not issubclass(model, ProvenanceModel):
                continue
            for record in rows[marks.get(model, 0) :]:
                record.stated_in = first
                record.changed_in = (
                    arng.choice(later) if later and arng.random() < CHANGED_LATER_SHARE else first
                )

    # --- writing ----------------------------------------------------------------------------

    def _insert(self, model: type[models.Model], rows: list[models.Model]) -> None:
        if not rows:
            return
        if self.with_history and hasattr(model, "history"):
            bulk_create_with_history(rows, model)
        else:
            model.objects.bulk_create(rows)
        self.rows[model._meta.label] += len(rows)

    def write(self, batch: _Batch) -> None:
        """Insert the batch, parents before children, and issue its appeals."""
        for model, rows in batch.rows.items():
            self._insert(model, rows)
        for appeal, issue_date in batch.issued:
            appeal_issue(appeal=appeal, acting_user=None, issue_date=issue_date)


def _names(names: list[str], *, lower_tail: bool = False) -> str:
    """Return "A", "A and B" or "A, B and C" (later items in lower case if `lower_tail`)."""
    if lower_tail:
        names = [names[0], *(name.lower() for name in names[1:])]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


# Parents before children: bulk_create inserts the tables in this order.
INSERT_ORDER: tuple[type[models.Model], ...] = (
    Defender,
    Defender.areas_of_work.through,
    OtherName,
    Affiliation,
    Case,
    Case.violations.through,
    Case.defenders.through,
    CaseAuthority,
    # Before the records that name them as their sources (stated_in, changed_in).
    Appeal,
    Appeal.violations.through,
    AppealText,
    Action,
    AppealAuthority,
    Footnote,
    Proceeding,
    Charge,
    Charge.defenders.through,
    Charge.replaced_by.through,
    Decision,
    Decision.charges.through,
    Ruling,
    Ruling.charges.through,
    SentencePart,
    DetentionPeriod,
    DetentionExtension,
    Hearing,
    Hearing.defenders.through,
    HearingMove,
    ExternalReference,
    UnnamedGroup,
    Event,
    Event.defenders.through,
    Event.unnamed_groups.through,
    Event.charges.through,
)


def cases_generate(
    *,
    count: int,
    seed: int,
    batch_size: int = 500,
    with_history: bool = False,
    today: dt.date | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> GenerationResult:
    """Generate `count` fictional cases with their records, `batch_size` cases per
    transaction, and return what was created. `on_progress(n)` is called after each batch."""
    if count < 1:
        raise ValueError("count must be positive")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    began = time.monotonic()
    generator = _Generator(
        seed=seed, today=today or timezone.now().date(), with_history=with_history
    )
    # Draw the countries first, so that only the authority pools needed are created.
    plan = generator.rng.choices(generator.countries, weights=generator.country_weights, k=count)
    with transaction.atomic():
        generator.authorities_create({country.code for country in plan})
    done = 0
    while done < count:
        size = min(batch_size, count - done)
        batch = _Batch()
        for country in plan[done : done + size]:
            generator.case(batch, country)
        unordered = set(batch.rows) - set(INSERT_ORDER)
        if unordered:
            raise RuntimeError(f"INSERT_ORDER lacks {sorted(m._meta.label for m in unordered)}")
        batch.rows = {model: batch.rows[model] for model in INSERT_ORDER if batch.rows.get(model)}
        with transaction.atomic():
            generator.write(batch)
        done += size
        if on_progress is not None:
            on_progress(size)
    return GenerationResult(
        cases=count,
        seed=seed,
        seconds=time.monotonic() - began,
        with_history=with_history,
        rows=generator.rows,
    )
