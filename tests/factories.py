"""factory_boy factories for every model. Everything they make is fictional."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from authorities.models import Authority, AuthorityContact, Embassy
from cases.dates import hearing_starts_at
from cases.models import (
    Action,
    ActionClause,
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
    Issuer,
    Proceeding,
    ViolationLabel,
)
from cases.references import reference_key
from defenders.models import Affiliation, AreaOfWork, Defender


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class AreaOfWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaOfWork
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")


class ViolationLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolationLabel
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Violation {n}")


class DefenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Defender
        skip_postgeneration_save = True

    full_name = factory.Faker("name")
    gender = Defender.Gender.FEMALE
    role = "lawyer"
    organisation = "Fictional Rights Centre"
    country = "KG"
    city = "Osh"

    @factory.post_generation
    def primary_affiliation(obj, create, extracted, **kwargs):
        # Role and organisation are the copy of the first affiliation (defender_save).
        if create and (obj.role or obj.organisation):
            Affiliation.objects.create(defender=obj, role=obj.role, organisation=obj.organisation)


# Versions in the other letter languages of the English texts the tests use, so that a
# letter in those languages is whole (letters.selectors.appeal_letter_offers); a text not
# listed gets none, and its letters have gaps.
TRANSLATIONS = {
    "Prosecutor General": ("Procureur général", "Fiscal General", "Генеральный прокурор"),
    "President of the Kyrgyz Republic": (
        "Président de la République kirghize",
        "Presidente de la República Kirguisa",
        "Президент Кыргызской Республики",
    ),
    "Dear Prosecutor General": (
        "Monsieur le Procureur général",
        "Señor Fiscal General",
        "Уважаемый Генеральный прокурор",
    ),
    "Your Excellency": ("Excellence", "Excelencia", "Ваше Превосходительство"),
    "Criminal Code": ("Code pénal", "Código Penal", "Уголовный кодекс"),
    "dissemination of false information": (
        "diffusion de fausses informations",
        "difusión de información falsa",
        "распространение ложной информации",
    ),
    "up to eight years' imprisonment": (
        "jusqu'à huit ans d'emprisonnement",
        "hasta ocho años de prisión",
        "до восьми лет лишения свободы",
    ),
    "Immediately and unconditionally release the defenders;": (
        "Libérer immédiatement et sans condition les défenseurs ;",
        "Liberar inmediata e incondicionalmente a los defensores;",
        "Немедленно и безоговорочно освободить правозащитников;",
    ),
}


def translated(field: str, language: str):
    """Return a factory attribute: the version in `language` of the English `field`."""
    index = ("fr", "es", "ru").index(language)
    return factory.LazyAttribute(
        lambda o: (
            TRANSLATIONS[getattr(o, field)][index] if getattr(o, field) in TRANSLATIONS else ""
        )
    )


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    person_name = factory.Faker("name")
    post = "Prosecutor General"
    country = "KG"
    seat = "Bishkek"
    salutation = "Dear Prosecutor General"
    language = "ru"
    post_fr = translated("post", "fr")
    post_es = translated("post", "es")
    post_ru = translated("post", "ru")
    salutation_fr = translated("salutation", "fr")
    salutation_es = translated("salutation", "es")
    salutation_ru = translated("salutation", "ru")


class AuthorityContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorityContact

    authority = factory.SubFactory(AuthorityFactory)
    kind = AuthorityContact.Kind.FAX
    value = factory.Sequence(lambda n: f"+99631200{n % 10000:04d}")
    # As the migration left existing contacts: each its own printing.
    as_printed = factory.SelfAttribute("value")


class EmbassyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Embassy

    country = "KG"
    host_country = "BE"
    name = "Embassy of the Kyrgyz Republic in Belgium"
    city = "Brussels"
    email = "embassy@kyrgyz-brussels.example.be"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    country = "KG"
    time_zone = "Asia/Bishkek"
    title = factory.Sequence(lambda n: f"Kyrgyzstan: Arbitrary detention of defender {n}")
    summary = "Two defenders were arrested after publishing a report."
    background = "Peaceful gatherings were dispersed."


class CaseAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseAuthority

    case = factory.SubFactory(CaseFactory)
    authority = factory.SubFactory(AuthorityFactory)
    position = factory.Sequence(lambda n: n)


class ExternalReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalReference

    case = factory.SubFactory(CaseFactory)
    issuer = "Amnesty International"
    reference = factory.Sequence(lambda n: f"UA {n}/14")
    # What ExternalReference.clean (so every service) stores beside it.
    reference_key = factory.LazyAttribute(lambda o: reference_key(o.reference))


class ActionClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionClause

    name = factory.Sequence(lambda n: f"Clause {n}")
    text_en = "Immediately release {defenders};"
    text_fr = "Libérer immédiatement {defenders} ;"


class IssuerFactory(factory.django.DjangoModelFactory):
    """Another issuer (the organisation itself is made by migration: Issuer.objects.own())."""

    class Meta:
        model = Issuer
        django_get_or_create = ("name",)

    name = "Amnesty International"


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    case = factory.SubFactory(CaseFactory)
    issuer = factory.LazyFunction(lambda: Issuer.objects.own())


class AppealTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppealText

    appeal = factory.SubFactory(AppealFactory)
    language = "en"
    is_original = True
    title = "Kyrgyzstan: Arbitrary detention"
    description = "The Observatory has been informed …"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    appeal = factory.SubFactory(AppealFactory)
    language = "en"
    position = factory.Sequence(lambda n: n + 1)
    # In the action's language.
    text = factory.LazyAttribute(
        lambda o: (
            (
                "Immediately and unconditionally release the defenders;",
                *TRANSLATIONS["Immediately and unconditionally release the defenders;"],
            )[("en", "fr", "es", "ru").index(o.language)]
            if o.language in ("en", "fr", "es", "ru")
            else "Immediately and unconditionally release the defenders;"
        )
    )


class AppealAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppealAuthority

    appeal = factory.SubFactory(AppealFactory)
    authority = factory.SubFactory(AuthorityFactory)
    position = factory.Sequence(lambda n: n)


def release_clause() -> ActionClause:
    """Return the standard action "Release and drop charges" (seeded by cases 0002, made
    again where a test emptied the table), in the four letter languages."""
    return ActionClause.objects.get_or_create(
        name="Release and drop charges",
        defaults={
            "text_en": "Immediately and unconditionally release {defenders} and drop all "
            "charges against them;",
            "text_fr": "Libérer immédiatement et sans condition {defenders} et abandonner "
            "toutes les charges retenues contre eux ;",
            "text_es": "Liberar inmediata e incondicionalmente a {defenders} y retirar todos "
            "los cargos en su contra;",
            "text_ru": "Немедленно и безоговорочно освободить {defenders} и снять с них все "
            "обвинения;",
        },
    )[0]


def issuable_appeal(case=None, language: str = "en") -> Appeal:
    """Return a draft appeal with an original text and one action, picked from a standard
    action (so that its letters in the other letter languages have it too): ready to issue."""
    appeal = AppealFactory(case=case) if case is not None else AppealFactory()
    AppealTextFactory(appeal=appeal, language=language)
    ActionFactory(appeal=appeal, language=language, position=1, clause=release_clause())
    return appeal


class ProceedingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proceeding

    case = factory.SubFactory(CaseFactory)
    kind = Proceeding.Kind.CRIMINAL


class ChargeFactory(factory.django.DjangoModelFactory):
    """A charge in its case's proceeding of its kind (made if need be), against `defender`
    (or `defenders`)."""

    class Meta:
        model = Charge
        skip_postgeneration_save = True  # the defenders are set, nothing else to save

    case = factory.SubFactory(CaseFactory)
    instrument_kind = Charge.InstrumentKind.CRIMINAL
    proceeding = factory.LazyAttribute(
        lambda c: Proceeding.objects.get_or_create(case=c.case, kind=c.instrument_kind)[0]
    )
    defender = factory.SubFactory(DefenderFactory)
    instrument = "Criminal Code"
    article = "341"
    offence = "dissemination of false information"
    maximum_penalty = "up to eight years' imprisonment"
    date_brought = dt.date(2025, 3, 27)
    instrument_fr = translated("instrument", "fr")
    instrument_es = translated("instrument", "es")
    instrument_ru = translated("instrument", "ru")
    offence_fr = translated("offence", "fr")
    offence_es = translated("offence", "es")
    offence_ru = translated("offence", "ru")
    maximum_penalty_fr = translated("maximum_penalty", "fr")
    maximum_penalty_es = translated("maximum_penalty", "es")
    maximum_penalty_ru = translated("maximum_penalty", "ru")

    @factory.post_generation
    def defenders(self, create, extracted, **kwargs):
        if create:
            self.defenders.set(extracted if extracted is not None else [self._factory_defender])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        defender = kwargs.pop("defender", None)
        charge = super()._create(model_class, *args, **kwargs)
        charge._factory_defender = defender
        return charge

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("defender", None)
        return super()._build(model_class, *args, **kwargs)


class DetentionPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DetentionPeriod

    case = factory.SubFactory(CaseFactory)
    defender = factory.SubFactory(DefenderFactory)
    kind = DetentionPeriod.Kind.PRE_TRIAL
    start_date = dt.date(2025, 3, 28)
    # Exact days, as the services store them (cases.dates: the latest day is the day).
    start_date_latest = factory.SelfAttribute("start_date")
    actual_end = None
    actual_end_latest = factory.SelfAttribute("actual_end")
    term_months = 2
    ordered_by = "Leninsky District Court of Osh"
    place = "Pre-trial detention centre No. 5, Osh"


class DetentionExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DetentionExtension

    period = factory.SubFactory(DetentionPeriodFactory)
    ordered_on = dt.date(2025, 4, 22)
    term_months = 2


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CaseFactory)
    court = "Leninsky District Court of Osh"
    city = "Osh"
    local_date = dt.date(2025, 4, 22)
    local_time = dt.time(14, 0)
    time_zone = "Asia/Bishkek"
    purpose = Hearing.Purpose.DETENTION_EXTENSION
    starts_at = factory.LazyAttribute(
        lambda h: hearing_starts_at(
            local_date=h.local_date, local_time=h.local_time, time_zone=h.time_zone
        )
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    case = factory.SubFactory(CaseFactory)
    date = dt.date(2025, 3, 18)
    date_latest = factory.SelfAttribute("date")
    kind = Event.Kind.ARREST
    description = "Both defenders were arrested in Osh."
