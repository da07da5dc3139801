"""What the admin tests share: the admin's URLs of a model or a record, its messages, the
payload of a change page as displayed (tests.admin_forms), a case with one of each record, and
a case in court: several defenders, proceedings, decisions and measures."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import Case, Charge, Decision, DetentionPeriod, Proceeding, Ruling
from defenders.models import Defender
from tests.admin_forms import AdminPost
from tests.factories import (
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
    ProceedingFactory,
)


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def add_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def edit(client, obj) -> AdminPost:
    """Return the payload of the object's change page, as displayed."""
    return AdminPost.from_page(client.get(change_url(obj)))


def a_case_with_records(**kwargs) -> Case:
    """Return a case with a defender, a charge, a detention period and its extension, a
    hearing, an event and a target authority."""
    case = CaseFactory(**kwargs)
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova", local_name="Айгерим")
    case.defenders.add(defender)
    ChargeFactory(case=case, defender=defender)
    period = DetentionPeriodFactory(case=case, defender=defender)
    DetentionExtensionFactory(period=period)
    HearingFactory(case=case)
    EventFactory(case=case)
    CaseAuthorityFactory(case=case, position=0)
    return case


@dataclass
class CaseInCourt:
    case: Case
    nurlan: Defender
    aida: Defender
    temir: Defender


def a_case_in_court() -> CaseInCourt:
    """Return a fictional case with three defenders (every name and body invented):

    - a criminal case against Nurlan and Aida: a joint charge of mass riots replaced by two
      (a joint one with an article, one against Nurlan naming only the offence); convicted at
      first instance with sentences in parts (and the sentence the prosecution requested),
      upheld for Nurlan and reduced for Aida on appeal;
    - an administrative case against Temir: 15 days' administrative detention;
    - measures: Nurlan's police custody, then pre-trial detention (extended, length not
      given), then imprisonment; Aida's house arrest from "March 2025", then a travel ban;
      Temir's administrative detention, then judicial control from "between 1 and 3 April".
    """
    case = CaseFactory(
        title="Kyrgyzstan: Judicial harassment of three members of the Osh Water Council"
    )
    nurlan = DefenderFactory(full_name="Nurlan Abdykadyrov", situation="imprisoned")
    aida = DefenderFactory(full_name="Aida Sultanbekova", situation="at_liberty")
    temir = DefenderFactory(full_name="Temir Osmonov", situation="at_liberty")
    case.defenders.add(nurlan, aida, temir)

    criminal = ProceedingFactory(case=case, name="criminal case No. 0417-25")
    riots = ChargeFactory(
        case=case,
        proceeding=criminal,
        defenders=[nurlan, aida],
        article="278",
        offence="mass riots",
        maximum_penalty="up to fifteen years' imprisonment",
        date_brought=dt.date(2025, 3, 15),
        status=Charge.Status.REPLACED,
        ended_on=dt.date(2025, 5, 5),
    )
    discord = ChargeFactory(
        case=case,
        proceeding=criminal,
        defenders=[nurlan, aida],
        article="330",
        offence="incitement to social discord",
        date_brought=dt.date(2025, 5, 5),
        status=Charge.Status.DECIDED,
    )
    membership = ChargeFactory(
        case=case,
        proceeding=criminal,
        defenders=[nurlan],
        instrument="",
        article="",
        offence="membership of an illegal group",
        maximum_penalty="",
        date_brought=dt.date(2025, 5, 6),
        status=Charge.Status.DECIDED,
    )
    riots.replaced_by.set([discord, membership])

    first = Decision.objects.create(
        proceeding=criminal,
        level=Decision.Instance.FIRST,
        date=dt.date(2025, 9, 10),
        court="Osh City Court",
    )
    first.charges.set([discord, membership])
    ruling = Ruling.objects.create(decision=first, defender=nurlan, outcome="convicted")
    ruling.sentence_parts.create(kind="imprisonment", years=7, position=0)
    ruling.sentence_parts.create(kind="fine", amount=100000, currency="KGS", position=1)
    ruling.sentence_parts.create(kind="imprisonment", years=9, requested=True)
    ruling = Ruling.objects.create(decision=first, defender=aida, outcome="convicted")
    ruling.sentence_parts.create(
        kind="imprisonment", years=5, suspension="suspended", suspension_years=3, position=0
    )
    ruling.sentence_parts.create(
        kind="activity_ban", years=3, detail="social activities", charge=discord, position=1
    )
    on_appeal = Decision.objects.create(
        proceeding=criminal,
        level=Decision.Instance.APPEAL,
        date=dt.date(2025, 11, 20),
        court="Osh Regional Court",
    )
    Ruling.objects.create(decision=on_appeal, defender=nurlan, outcome="upheld")
    ruling = Ruling.objects.create(decision=on_appeal, defender=aida, outcome="reduced")
    ruling.sentence_parts.create(
        kind="imprisonment", years=3, suspension="suspended", suspension_years=2
    )

    administrative = ProceedingFactory(case=case, kind=Proceeding.Kind.ADMINISTRATIVE)
    gathering = ChargeFactory(
        case=case,
        proceeding=administrative,
        instrument_kind=Charge.InstrumentKind.ADMINISTRATIVE,
        defenders=[temir],
        instrument="Code of Administrative Offences",
        article="66",
        offence="violation of the rules of holding a gathering",
        maximum_penalty="",
        date_brought=dt.date(2025, 3, 14),
        status=Charge.Status.DECIDED,
    )
    decision = Decision.objects.create(
        proceeding=administrative,
        level=Decision.Instance.FIRST,
        date=dt.date(2025, 3, 14),
        court="Leninsky District Court of Osh",
    )
    decision.charges.set([gathering])
    ruling = Ruling.objects.create(decision=decision, defender=temir, outcome="convicted")
    ruling.sentence_parts.create(kind="administrative_detention", days=15)

    Kind = DetentionPeriod.Kind
    DetentionPeriodFactory(
        case=case,
        defender=nurlan,
        kind=Kind.POLICE_CUSTODY,
        start_date=dt.date(2025, 3, 14),
        actual_end=dt.date(2025, 3, 16),
        term_months=None,
        place="Leninsky District police station, Osh",
    )
    remand = DetentionPeriodFactory(
        case=case,
        defender=nurlan,
        kind=Kind.PRE_TRIAL,
        start_date=dt.date(2025, 3, 16),
        continues_previous=True,
        term_months=2,
        actual_end=dt.date(2025, 9, 10),
    )
    DetentionExtensionFactory(period=remand, ordered_on=dt.date(2025, 5, 12), term_months=None)
    DetentionPeriodFactory(
        case=case,
        defender=nurlan,
        kind=Kind.IMPRISONMENT,
        start_date=dt.date(2025, 9, 10),
        continues_previous=True,
        term_months=None,
        place="Penal colony No. 47, Bishkek",
    )
    DetentionPeriodFactory(
        case=case,
        defender=aida,
        kind=Kind.HOUSE_ARREST,
        start_date=dt.date(2025, 3, 1),
        start_date_latest=dt.date(2025, 3, 31),
        start_date_precision="month",
        start_date_as_printed="in March",
        term_months=None,
        actual_end=dt.date(2025, 9, 10),
        place="her home in Osh",
    )
    DetentionPeriodFactory(
        case=case,
        defender=aida,
        kind=Kind.TRAVEL_BAN,
        start_date=dt.date(2025, 9, 10),
        term_months=36,
        place="",
    )
    DetentionPeriodFactory(
        case=case,
        defender=temir,
        kind=Kind.ADMINISTRATIVE,
        start_date=dt.date(2025, 3, 14),
        term_days=15,
        term_months=None,
        actual_end=dt.date(2025, 3, 29),
        place="Temporary detention facility of the Osh police",
    )
    DetentionPeriodFactory(
        case=case,
        defender=temir,
        kind=Kind.JUDICIAL_CONTROL,
        start_date=dt.date(2025, 4, 1),
        start_date_latest=dt.date(2025, 4, 3),
        start_date_precision="range",
        term_months=None,
        place="",
        conditions="reporting to the police weekly",
    )
    for period in DetentionPeriod.objects.filter(case=case):
        # What the services store: the term's end, counted with the extensions.
        period.term_ends_on = period.term_runs_out_on()
        period.save(update_fields=["term_ends_on"])
    return CaseInCourt(case=case, nurlan=nurlan, aida=aida, temir=temir)
