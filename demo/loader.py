"""Load the demo set (demo.dataset, read from demo/data/) through the project's services, once.

Every demo case, defender and authority has a fixed primary key derived from its key
(records.demo_id), and embassies are unique per country and host country: a record that is
already there is skipped whole, never updated, so a second run (`make run` loads the demo on
every start) adds nothing and changes nothing, and staff's edits to demo records survive.
A case is the unit: if it exists, none of its charges, hearings, appeals … are touched.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from appeals_site.accounts.services import authenticator_create, authenticator_key_base32
from authorities.models import Authority, AuthorityContact, Embassy
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
    Hearing,
    Proceeding,
    ReferenceCounter,
    Ruling,
    SentencePart,
    ViolationLabel,
)
from cases.services import (
    User,
    appeal_create,
    appeal_issue,
    case_set_status,
    charge_replace,
    detention_period_refresh_term,
    hearing_save,
)
from defenders.models import Affiliation, AreaOfWork, Defender
from demo.dataset import AUTHORITIES, CASES, DEFENDERS, EMBASSIES
from demo.records import (
    AppealData,
    AppealTextData,
    AuthorityData,
    CaseData,
    ChargeData,
    DefenderData,
    EmbassyData,
    demo_id,
)

# The statuses a case passes through, in order, to reach each status.
STATUS_PATH = {
    Case.Status.DRAFT: [],
    Case.Status.IN_REVIEW: [Case.Status.IN_REVIEW],
    Case.Status.PUBLISHED: [Case.Status.IN_REVIEW, Case.Status.PUBLISHED],
    Case.Status.CLOSED: [Case.Status.IN_REVIEW, Case.Status.PUBLISHED, Case.Status.CLOSED],
}


@dataclass(frozen=True)
class DemoLoadResult:
    """How many demo records the database holds after the load, and how many the load added."""

    cases: int
    defenders: int
    authorities: int
    embassies: int
    appeals: int
    new: int


@dataclass(frozen=True)
class DemoSuperuser:
    user: models.Model
    created: bool
    # Set only when the password was generated: the one time it can be shown.
    generated_password: str | None = None
    # The second factor of a new superuser, shown once: the key of its authenticator app
    # (base32) and the otpauth:// URI that a QR code would hold. Set only when the key was
    # generated, as for the password.
    generated_totp_key: str | None = None
    totp_uri: str | None = None


# --- The demo superuser ---------------------------------------------------------------------


def demo_superuser_find() -> models.Model | None:
    """Return the oldest active superuser, or None."""
    return (
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .order_by("date_joined", "pk")
        .first()
    )


@transaction.atomic
def demo_superuser_ensure(
    *, username: str = "admin", password: str = "", totp_key: str = ""
) -> DemoSuperuser:
    """Return the existing superuser, or create `username` as one when there is none, with
    `password` or else a random password (returned once, in `generated_password`), and an
    authenticator app, the second factor every staff login needs, keyed with `totp_key`
    (base32) or else a random key (returned once, in `generated_totp_key`)."""
    existing = demo_superuser_find()
    if existing is not None:
        return DemoSuperuser(user=existing, created=False)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValidationError(
            _(
                "A user named %(username)s exists but is not an active superuser; make it one, "
                "or load the demo with --no-user."
            )
            % {"username": username}
        )
    generated = None if password else secrets.token_urlsafe(12)
    user = user_model.objects.create_superuser(
        username=username, email=username + "@example.org", password=password or generated
    )
    device = authenticator_create(user=user, key=totp_key)
    return DemoSuperuser(
        user=user,
        created=True,
        generated_password=generated,
        generated_totp_key=None if totp_key else authenticator_key_base32(device).replace(" ", ""),
        totp_uri=device.config_url,
    )


# --- The demo data --------------------------------------------------------------------------


def _save(instance: models.Model, acting_user: User) -> models.Model:
    """Validate and save a record, naming the acting user in its history."""
    instance.full_clean()
    if acting_user is not None and acting_user.is_authenticated:
        instance._history_user = acting_user
    instance.save()
    return instance


class _Lookups:
    """The controlled lists the demo refers to by name, created where staff removed them."""

    def __init__(self) -> None:
        self.labels: dict[str, ViolationLabel] = {}
        self.areas: dict[str, AreaOfWork] = {}
        self.clauses = {clause.name: clause for clause in ActionClause.objects.all()}

    def label(self, name: str) -> ViolationLabel:
        if name not in self.labels:
            self.labels[name] = ViolationLabel.objects.get_or_create(name=name)[0]
        return self.labels[name]

    def area(self, name: str) -> AreaOfWork:
        if name not in self.areas:
            self.areas[name] = AreaOfWork.objects.get_or_create(name=name)[0]
        return self.areas[name]

    def clause(self, name: str) -> ActionClause | None:
        return self.clauses.get(name) if name else None


def _authority_create(data: AuthorityData, acting_user: User) -> Authority:
    authority = _save(
        Authority(
            id=demo_id("authority", data.key),
            person_name=data.person_name,
            post=data.post,
            country=data.country,
            seat=data.seat,
            seat_country=data.seat_country,
            postal_address=data.postal_address,
            salutation=data.salutation,
            **{
                f"{name}_{language}": getattr(data, f"{name}_{language}")
                for name in ("post", "salutation")
                for language in ("fr", "es", "ru")
            },
            language=data.language,
            office_start=data.office_start,
        ),
        acting_user,
    )
    contacts = [
        *((AuthorityContact.Kind.FAX, value) for value in data.faxes),
        *((AuthorityContact.Kind.EMAIL, value) for value in data.emails),
        *((AuthorityContact.Kind.PHONE, value) for value in data.phones),
    ]
    for position, (kind, value) in enumerate(contacts):
        _save(
            AuthorityContact(authority=authority, kind=kind, value=value, position=position),
            acting_user,
        )
    return authority


def _embassy_create(data: EmbassyData, acting_user: User) -> Embassy:
    return _save(
        Embassy(
            country=data.country,
            host_country=data.host_country,
            name=data.name,
            city=data.city,
            address=data.address,
            phone=data.phone,
            fax=data.fax,
            email=data.email,
            website=data.website,
        ),
        acting_user,
    )


def _defender_create(data: DefenderData, lookups: _Lookups, acting_user: User) -> Defender:
    defender = _save(
        Defender(
            id=demo_id("defender", data.key),
            full_name=data.full_name,
            local_name=data.local_name,
            gender=data.gender,
            role=data.role,
            organisation=data.organisation,
            country=data.country,
            city=data.city,
            region=data.region,
            situation=data.situation,
            health_notes=data.health_notes,
            family_notes=data.family_notes,
            home_address=data.home_address,
            phone=data.phone,
            internal_notes=data.internal_notes,
            disclosed_fields=list(data.disclosed),
        ),
        acting_user,
    )
    defender.areas_of_work.set([lookups.area(name) for name in data.areas])
    if data.role or data.organisation:
        # The primary affiliation, of which role and organisation are the copy letters read.
        _save(
            Affiliation(defender=defender, role=data.role, organisation=data.organisation),
            acting_user,
        )
    return defender


_DECISION_OUTCOMES = ("convicted", "acquitted")


def _charge_fields(data: ChargeData) -> dict[str, object]:
    decided = data.status in _DECISION_OUTCOMES
    return {
        "instrument_kind": data.instrument_kind,
        "instrument": data.instrument,
        "article": data.article,
        "offence": data.offence,
        "maximum_penalty": data.maximum_penalty,
        **{
            f"{name}_{language}": getattr(data, f"{name}_{language}")
            for name in ("instrument", "offence", "maximum_penalty")
            for language in ("fr", "es", "ru")
        },
        "date_brought": data.date_brought,
        "status": Charge.Status.DECIDED if decided else data.status,
        "ended_on": None if decided else data.decided_on,
    }


def _charges_create(case: Case, data: CaseData, acting_user: User) -> None:
    """The case's charges, in its proceedings (one per kind of legal instrument, as the
    migration of older charges made them), each conviction or acquittal a decision."""
    proceedings: dict[str, Proceeding] = {}
    for charge_data in data.charges:
        kind = charge_data.instrument_kind
        if kind not in proceedings:
            proceedings[kind] = _save(Proceeding(case=case, kind=kind), acting_user)
        proceeding = proceedings[kind]
        defender_id = demo_id("defender", charge_data.defender)
        charge = _save(
            Charge(proceeding=proceeding, case=case, **_charge_fields(charge_data)), acting_user
        )
        charge.defenders.set([defender_id])
        if charge_data.status in _DECISION_OUTCOMES:
            decision = _save(
                Decision(proceeding=proceeding, date=charge_data.decided_on), acting_user
            )
            decision.charges.set([charge])
            ruling = _save(
                Ruling(
                    decision=decision,
                    defender_id=defender_id,
                    outcome=charge_data.status,
                    as_printed=charge_data.sentence,
                ),
                acting_user,
            )
            if charge_data.sentence_years:
                _save(
                    SentencePart(
                        ruling=ruling,
                        kind=SentencePart.Kind.IMPRISONMENT,
                        years=charge_data.sentence_years,
                    ),
                    acting_user,
                )
        if charge_data.replaced_by is not None:
            charge_replace(
                charge=charge, acting_user=acting_user, **_charge_fields(charge_data.replaced_by)
            )


def _detention_create(case: Case, data: CaseData, acting_user: User) -> None:
    for period_data in data.detention_periods:
        period = _save(
            DetentionPeriod(
                case=case,
                defender_id=demo_id("defender", period_data.defender),
                kind=period_data.kind,
                start_date=period_data.start_date,
                term_days=period_data.term_days,
                term_months=period_data.term_months,
                ordered_by=period_data.ordered_by,
                place=period_data.place,
                incommunicado=period_data.incommunicado,
                actual_end=period_data.actual_end,
                notes=period_data.notes,
            ),
            acting_user,
        )
        for extension in period_data.extensions:
            _save(
                DetentionExtension(
                    period=period,
                    ordered_on=extension.ordered_on,
                    term_days=extension.term_days,
                    term_months=extension.term_months,
                    ordered_by=extension.ordered_by,
                ),
                acting_user,
            )
        if period_data.extensions:
            detention_period_refresh_term(period=period)


def _hearings_create(case: Case, data: CaseData, acting_user: User) -> None:
    for hearing_data in data.hearings:
        first = hearing_data.moved_from
        hearing = Hearing(
            case=case,
            court=hearing_data.court,
            city=hearing_data.city,
            local_date=first.local_date if first else hearing_data.local_date,
            local_time=first.local_time if first else hearing_data.local_time,
            time_zone=hearing_data.time_zone,
            purpose=hearing_data.purpose,
            status=hearing_data.status,
            outcome=hearing_data.outcome,
            observers_attending=hearing_data.observers_attending,
        )
        hearing = hearing_save(hearing=hearing, acting_user=acting_user)
        if first is not None:
            # Moved once it was announced: saving again keeps the move (from, to, why).
            hearing.local_date = hearing_data.local_date
            hearing.local_time = hearing_data.local_time
            hearing = hearing_save(
                hearing=hearing, acting_user=acting_user, move_reason=first.reason
            )
        hearing.defenders.set([demo_id("defender", key) for key in hearing_data.defenders])


def _events_create(case: Case, data: CaseData, acting_user: User) -> None:
    for event_data in data.events:
        event = _save(
            Event(
                case=case,
                date=event_data.date,
                kind=event_data.kind,
                description=event_data.description,
                seized_items=event_data.seized_items,
                citation=event_data.citation,
                source_identity=event_data.source_identity,
                disclosed_fields=list(event_data.disclosed),
            ),
            acting_user,
        )
        event.defenders.set([demo_id("defender", key) for key in event_data.defenders])


def _numbering_continue(case: Case, data: CaseData, appeal_data: AppealData) -> None:
    """Raise the reference counters to where the organisation's numbering stood before the
    case's first appeal (records.Numbering); never lower them.

    The scopes are those cases.services.appeal_issue counts in (`case:<alpha-3>` and
    `intervention:<organisation>:<year>`); test_demo checks the sample references come out as
    printed, so a change there shows up.
    """
    if data.numbering is None or case.reference is not None:
        return
    for scope, value in (
        (f"case:{case.country.alpha3}", data.numbering.cases_before),
        (
            f"intervention:{settings.ORGANISATION_CODE}:{appeal_data.issue_date.year}",
            data.numbering.interventions_before,
        ),
    ):
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(scope=scope, value=0)], ignore_conflicts=True
        )
        ReferenceCounter.objects.filter(scope=scope, value__lt=value).update(value=value)


def _actions_create(
    appeal: Appeal, text: AppealTextData, lookups: _Lookups, acting_user: User
) -> None:
    for position, action in enumerate(text.actions, start=1):
        _save(
            Action(
                appeal=appeal,
                language=text.language,
                position=position,
                clause=lookups.clause(action.clause),
                text=action.text,
            ),
            acting_user,
        )


def _appeal_create(
    case: Case, data: CaseData, appeal_data: AppealData, lookups: _Lookups, acting_user: User
) -> Appeal:
    original = appeal_data.original
    appeal = appeal_create(
        case=case,
        acting_user=acting_user,
        intervention_type=appeal_data.intervention_type,
        language=original.language,
        title=original.title,
    )
    if appeal_data.issuer:
        appeal.issuer_as_printed = appeal_data.issuer
        _save(appeal, acting_user)
    # appeal_create prefilled the draft from the case; the demo's appeal says its own words.
    text = appeal.texts.get(is_original=True)
    text.description = original.description
    text.background = original.background
    text.notes = original.notes
    _save(text, acting_user)
    if appeal_data.violations:
        appeal.violations.set([lookups.label(name) for name in appeal_data.violations])
    if appeal_data.authorities:
        appeal.appeal_authorities.all().delete()
        for position, key in enumerate(appeal_data.authorities):
            _save(
                AppealAuthority(
                    appeal=appeal, authority_id=demo_id("authority", key), position=position
                ),
                acting_user,
            )
    _actions_create(appeal, original, lookups, acting_user)
    for translation in appeal_data.translations:
        _save(
            AppealText(
                appeal=appeal,
                language=translation.language,
                is_original=False,
                title=translation.title,
                description=translation.description,
                background=translation.background,
                notes=translation.notes,
            ),
            acting_user,
        )
        _actions_create(appeal, translation, lookups, acting_user)
    if appeal_data.issue_date is not None:
        _numbering_continue(case, data, appeal_data)
        appeal = appeal_issue(
            appeal=appeal, acting_user=acting_user, issue_date=appeal_data.issue_date
        )
        case.refresh_from_db()
    return appeal


def _case_create(data: CaseData, lookups: _Lookups, acting_user: User) -> Case:
    case = _save(
        Case(
            id=demo_id("case", data.key),
            country=data.country,
            time_zone=data.time_zone,
            title=data.title,
            summary=data.summary,
            background=data.background,
            internal_notes=data.internal_notes,
        ),
        acting_user,
    )
    case.violations.set([lookups.label(name) for name in data.violations])
    case.defenders.set([demo_id("defender", key) for key in data.defenders])
    for position, key in enumerate(data.authorities):
        _save(
            CaseAuthority(case=case, authority_id=demo_id("authority", key), position=position),
            acting_user,
        )
    for reference in data.external_references:
        _save(
            ExternalReference(
                case=case,
                issuer=reference.issuer,
                reference=reference.reference,
                date=reference.date,
                url=reference.url,
            ),
            acting_user,
        )
    _charges_create(case, data, acting_user)
    _detention_create(case, data, acting_user)
    _hearings_create(case, data, acting_user)
    _events_create(case, data, acting_user)
    for appeal_data in data.appeals:
        _appeal_create(case, data, appeal_data, lookups, acting_user)
    for status in STATUS_PATH[Case.Status(data.status)]:
        case = case_set_status(case=case, status=status, acting_user=acting_user)
    return case


def _missing(model: type[models.Model], ids: list) -> set:
    return set(ids) - set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


@transaction.atomic
def demo_load(*, acting_user: User) -> DemoLoadResult:
    """Load what is missing of the demo set, as `acting_user` (who must be allowed to publish
    cases if a published or closed demo case is still to be loaded), and return the counts."""
    case_ids = [demo_id("case", case.key) for case in CASES]
    defender_ids = [demo_id("defender", defender.key) for defender in DEFENDERS]
    authority_ids = [demo_id("authority", authority.key) for authority in AUTHORITIES]
    missing_cases = _missing(Case, case_ids)
    needs_publishing = any(
        case.status in {Case.Status.PUBLISHED, Case.Status.CLOSED}
        for case in CASES
        if demo_id("case", case.key) in missing_cases
    )
    if needs_publishing and not (acting_user and acting_user.has_perm("cases.publish_case")):
        raise PermissionDenied(
            _("Loading the demo publishes cases: act as a user who may publish (a superuser).")
        )

    lookups = _Lookups()
    new = 0
    missing_authorities = _missing(Authority, authority_ids)
    for authority in AUTHORITIES:
        if demo_id("authority", authority.key) in missing_authorities:
            _authority_create(authority, acting_user)
            new += 1
    existing_embassies = set(Embassy.objects.values_list("country", "host_country"))
    for embassy in EMBASSIES:
        if (embassy.country, embassy.host_country) not in existing_embassies:
            _embassy_create(embassy, acting_user)
            new += 1
    missing_defenders = _missing(Defender, defender_ids)
    for defender in DEFENDERS:
        if demo_id("defender", defender.key) in missing_defenders:
            _defender_create(defender, lookups, acting_user)
            new += 1
    for case in CASES:
        if demo_id("case", case.key) in missing_cases:
            _case_create(case, lookups, acting_user)
            new += 1 + sum(1 for appeal in case.appeals)

    demo_embassies = {(embassy.country, embassy.host_country) for embassy in EMBASSIES}
    existing_embassies = set(Embassy.objects.values_list("country", "host_country"))
    return DemoLoadResult(
        cases=Case.objects.filter(pk__in=case_ids).count(),
        defenders=Defender.objects.filter(pk__in=defender_ids).count(),
        authorities=Authority.objects.filter(pk__in=authority_ids).count(),
        embassies=len(demo_embassies & existing_embassies),
        appeals=Appeal.objects.filter(case_id__in=case_ids).count(),
        new=new,
    )
