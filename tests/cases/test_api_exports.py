"""GET /api/v1/cases.csv and GET /api/v1/hearings.ics: who may have them, what they hold,
and that no confidential fact ever leaves in them."""

import csv
import datetime as dt
import io

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.dates import Precision
from cases.models import (
    Case,
    Decision,
    DetentionPeriod,
    Issuer,
    Proceeding,
    Ruling,
    SentencePart,
    UnnamedGroup,
)
from cases.services import appeal_issue, hearing_save
from defenders.models import Affiliation, Defender, OtherName
from partners.services import partner_calendar_token_rotate, partner_create
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
    ViolationLabelFactory,
    issuable_appeal,
)
from tests.new_facts import SECRET, new_facts_case

pytestmark = pytest.mark.django_db
CSV = "/api/v1/cases.csv"
ICS = "/api/v1/hearings.ics"
CANARY = "CANARY-export-4d2b"
CANARY_PHONE = "+996555123456"
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
NOW = dt.datetime(2025, 4, 14, 20, 0, tzinfo=dt.UTC)  # 15 April in Bishkek


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def published_case(**kwargs) -> Case:
    return CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT, **kwargs)


def a_case_full_of_secrets() -> Case:
    case = published_case()
    defender = DefenderFactory(
        full_name="Aigerim Dzhaksybekova",
        situation=Defender.Situation.PRE_TRIAL_DETENTION,
        health_notes=CANARY,
        family_notes=CANARY,
        home_address=CANARY,
        phone=CANARY_PHONE,
        internal_notes=CANARY,
    )
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=dt.date(2025, 3, 28))
    hearing = HearingFactory(case=case, local_date=dt.date(2025, 4, 22))
    hearing.defenders.add(defender)
    EventFactory(case=case, source_identity=CANARY)
    Case.objects.filter(pk=case.pk).update(internal_notes=CANARY)
    return case


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def calendar_of(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_of(response) -> list:
    return list(calendar_of(response).walk("VEVENT"))


# --- CSV: permissions -----------------------------------------------------------------------


def test_csv_anonymous_gets_401_as_json():
    response = APIClient().get(CSV)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_csv_partner_gets_it_but_cannot_post():
    client = partner_api_client()
    assert client.get(CSV).status_code == 200
    assert client.post(CSV, {}).status_code == 403


def test_csv_viewer_gets_it(viewer):
    assert staff_api_client(viewer).get(CSV).status_code == 200


# --- CSV: content ---------------------------------------------------------------------------


def test_csv_starts_with_the_bom_and_keeps_cyrillic():
    case = published_case(title="Кыргызстан: произвольное задержание")
    case.defenders.add(DefenderFactory(full_name="Айгерим Джаксыбекова"))

    response = partner_api_client().get(CSV)
    body = b"".join(response.streaming_content)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Кыргызстан: произвольное задержание" in body.decode("utf-8-sig")
    assert "Айгерим Джаксыбекова" in body.decode("utf-8-sig")


def test_csv_row_holds_the_case_with_its_urls(reviewer):
    case = a_case_full_of_secrets()
    case.violations.add(ViolationLabelFactory(name="Arbitrary detention"))
    appeal = appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    case.refresh_from_db()

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["id"] == str(case.pk)
    assert row["reference"] == case.reference
    assert row["country"] == "KG"
    assert row["status"] == "published"
    assert row["defenders"] == "Aigerim Dzhaksybekova"
    assert row["situations"] == "In pre-trial detention"
    assert row["violations"] == "Arbitrary detention"
    assert row["next_hearing"] == "2025-04-22 14:00 (Asia/Bishkek)"
    assert row["days_detained"] == "18"
    assert row["appeals"] == f"{case.reference} ({appeal.issue_date:%Y-%m-%d})"
    assert row["api_url"] == f"http://testserver/api/v1/cases/{case.pk}/"
    slug = case.reference.lower().replace(" / ", "-").replace(" ", "-")
    assert row["public_url"] == f"http://testserver/appeals/{slug}/"


def test_csv_partner_gets_public_cases_only():
    public = published_case()
    CaseFactory(status=Case.Status.DRAFT)

    assert [r["id"] for r in csv_rows(partner_api_client().get(CSV))] == [str(public.pk)]


def test_csv_takes_the_case_list_filters():
    kg = published_case(country="KG")
    published_case(country="CO", time_zone="America/Bogota")

    rows = csv_rows(partner_api_client().get(CSV, {"country": "KG"}))

    assert [r["id"] for r in rows] == [str(kg.pk)]


def test_csv_bad_filter_is_400_naming_the_field():
    response = partner_api_client().get(CSV, {"country": "XX"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["country"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_a_cell_a_spreadsheet_would_run(start):
    published_case(title=f'{start}HYPERLINK("http://evil.example")')

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["title"] == f'\'{start}HYPERLINK("http://evil.example")'


def test_csv_never_holds_a_confidential_fact():
    a_case_full_of_secrets()

    body = b"".join(partner_api_client().get(CSV).streaming_content).decode("utf-8-sig")

    assert CANARY not in body
    assert CANARY_PHONE not in body


def _csv_queries(client, count: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows = csv_rows(client.get(CSV))
    assert len(rows) == count
    return len(ctx.captured_queries)


def test_csv_takes_the_same_queries_for_2_and_10_cases():
    client = partner_api_client()
    client.get(CSV)  # the key's last-used time is written once
    for _ in range(2):
        a_case_full_of_secrets()
    two = _csv_queries(client, 2)
    for _ in range(8):
        a_case_full_of_secrets()

    assert _csv_queries(client, 10) == two


# --- Calendar: who may have it --------------------------------------------------------------


def test_calendar_anonymous_gets_401():
    assert APIClient().get(ICS).status_code == 401


def test_calendar_with_a_bearer_key():
    HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22))
    assert len(events_of(partner_api_client().get(ICS))) == 1


def test_calendar_with_the_secret_token_in_the_path_or_the_query():
    HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22))
    partner, _raw = partner_create(name="Partner network")
    token = partner_calendar_token_rotate(partner=partner)

    by_path = APIClient().get(f"/api/v1/calendar/{token}/hearings.ics")
    by_query = APIClient().get(ICS, {"token": token})

    assert len(events_of(by_path)) == len(events_of(by_query)) == 1


def test_calendar_token_stops_working_once_rotated():
    HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22))
    partner, _raw = partner_create(name="Partner network")
    old = partner_calendar_token_rotate(partner=partner)
    partner_calendar_token_rotate(partner=partner)

    response = APIClient().get(f"/api/v1/calendar/{old}/hearings.ics")

    assert response.status_code == 401
    assert response.json()["detail"] == (
        "This calendar URL is not valid, or was replaced by a new one."
    )
    assert "BEGIN:VCALENDAR" not in response.content.decode()


def test_calendar_unknown_token_gets_401():
    assert APIClient().get(ICS, {"token": "cal_not-a-token"}).status_code == 401


def test_calendar_partner_cannot_post():
    assert partner_api_client().post(ICS, {}).status_code == 403


def test_calendar_viewer_gets_it(viewer):
    assert staff_api_client(viewer).get(ICS).status_code == 200


# --- Calendar: content ----------------------------------------------------------------------


def test_calendar_event_is_in_the_courts_time_zone_with_its_vtimezone():
    case = a_case_full_of_secrets()
    hearing = case.hearings.get()

    calendar = calendar_of(partner_api_client().get(ICS))
    [event] = calendar.walk("VEVENT")

    assert event["DTSTART"].params["TZID"] == "Asia/Bishkek"
    assert event.decoded("DTSTART") == dt.datetime(
        2025, 4, 22, 14, 0, tzinfo=hearing.local_starts_at.tzinfo
    )
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Bishkek"]
    assert str(event["LOCATION"]) == "Leninsky District Court of Osh, Osh"
    assert str(event["SUMMARY"]) == "Extension of detention: Aigerim Dzhaksybekova"
    assert str(event["UID"]) == f"hearing-{hearing.pk}@hearings.appeals"


def test_calendar_has_upcoming_hearings_of_public_cases_only():
    upcoming = HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22))
    HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 1))  # past
    HearingFactory(case=CaseFactory(), local_date=dt.date(2025, 4, 22))  # draft case

    [event] = events_of(partner_api_client().get(ICS))

    assert str(event["UID"]) == f"hearing-{upcoming.pk}@hearings.appeals"


def test_calendar_filters_by_country():
    HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22))
    colombian = HearingFactory(
        case=published_case(country="CO", time_zone="America/Bogota"),
        local_date=dt.date(2025, 4, 23),
        time_zone="America/Bogota",
    )

    [event] = events_of(partner_api_client().get(ICS, {"country": "CO"}))

    assert str(event["UID"]) == f"hearing-{colombian.pk}@hearings.appeals"
    assert event["DTSTART"].params["TZID"] == "America/Bogota"


def test_calendar_keeps_the_uid_and_bumps_the_sequence_when_a_hearing_moves(editor):
    hearing = HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22))
    client = partner_api_client()
    [before] = events_of(client.get(ICS))

    hearing.local_date = dt.date(2025, 5, 6)
    hearing_save(hearing=hearing, acting_user=editor, move_reason="judge ill")
    [after] = events_of(client.get(ICS))

    assert str(after["UID"]) == str(before["UID"])
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART").date() == dt.date(2025, 5, 6)


def test_calendar_hearing_without_a_time_is_a_whole_day():
    HearingFactory(case=published_case(), local_date=dt.date(2025, 4, 22), local_time=None)

    [event] = events_of(partner_api_client().get(ICS))

    assert event.decoded("DTSTART") == dt.date(2025, 4, 22)


def test_calendar_never_holds_a_confidential_fact():
    a_case_full_of_secrets()

    body = partner_api_client().get(ICS).content.decode()

    assert "BEGIN:VEVENT" in body
    assert CANARY not in body
    assert CANARY_PHONE not in body


# --- The new facts: issuers, proceedings, sentences, measures, people -----------------------


def test_csv_gives_the_new_facts_each_in_its_column(editor):
    facts = new_facts_case(editor)

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["appeals"] == (
        "KGZ 001 /0317 / OBS 012.1 (2017-03-20); UA 117/21 (Candle International, 2021-05-03)"
    )
    assert row["issuers"] == f"{Issuer.objects.own().name}; Candle International"
    assert row["index_numbers"] == "EUR 58/4455/2021 (UA 117/21)"
    assert row["other_names"] == "Aigerim Dzhaksybekova: Aigerim Jaksybekova, Aika"
    assert row["affiliations"] == (
        "Aigerim Dzhaksybekova: head, Justice for All (since 2015); "
        "Aigerim Dzhaksybekova: lawyer, Bar of Osh"
    )
    assert row["unnamed_groups"] == "a dozen other lawyers (about 12)"
    assert row["charges"] == (
        "criminal case No. 12345: membership of an illegal group "
        "[Decided by a court; Aigerim Dzhaksybekova, Bolot Bekov]; "
        "criminal case No. 12345: Criminal Code, art. 212.2 (mass riots) "
        "[Replaced; Aigerim Dzhaksybekova]; "
        "criminal case No. 12345: Criminal Code, art. 341 (dissemination of false information) "
        "[Decided by a court; Aigerim Dzhaksybekova]"
    )
    # Written from the sentence's parts; the requested one beside it.
    assert row["decisions"] == (
        "2025-03-10, Leninsky District Court of Osh, First instance: Aigerim Dzhaksybekova, "
        "Convicted: Imprisonment, 5 years, suspended for 2 years; Fine, 50000 KGS; "
        "Ban on an activity (social activities), 3 years (requested: Imprisonment, 7 years)"
    )
    # Dates as precise as the source, with its words; no end that nobody recorded.
    assert row["measures"] == (
        'Bolot Bekov: Travel ban, from 2017-07 ("since July 2017"); '
        'Aigerim Dzhaksybekova: Pre-trial detention, from 2019-03 ("in March 2019")'
    )
    # The hearing has no stated time: its day, not midnight.
    assert row["next_hearing"] == "2025-04-24 (Asia/Bishkek)"
    assert row["id"] == str(facts.case.pk)


def test_csv_of_the_new_facts_holds_no_confidential_fact_for_staff_either(editor, viewer):
    new_facts_case(editor)

    for client in (partner_api_client(), staff_api_client(viewer)):
        body = b"".join(client.get(CSV).streaming_content).decode("utf-8-sig")
        assert "Aigerim Jaksybekova" in body
        assert SECRET not in body


def test_csv_gives_a_measure_its_end_or_its_term():
    case = published_case()
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova")
    case.defenders.add(defender)
    DetentionPeriodFactory(
        case=case,
        defender=defender,
        kind=DetentionPeriod.Kind.ADMINISTRATIVE,
        start_date=dt.date(2025, 3, 1),
        term_months=None,
        term_days=15,
        term_ends_on=dt.date(2025, 3, 16),
        actual_end=dt.date(2025, 3, 15),
    )
    DetentionPeriodFactory(
        case=case,
        defender=defender,
        start_date=dt.date(2025, 3, 15),
        term_ends_on=dt.date(2025, 5, 15),
    )

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["measures"] == (
        "Aigerim Dzhaksybekova: Administrative detention, from 2025-03-01, to 2025-03-15; "
        "Aigerim Dzhaksybekova: Pre-trial detention, from 2025-03-15, term until 2025-05-15"
    )


def test_csv_gives_a_measure_as_printed_and_an_end_no_source_dates():
    case = published_case()
    defender = DefenderFactory(full_name="Rosa Castellanos")
    case.defenders.add(defender)
    DetentionPeriodFactory(
        case=case,
        defender=defender,
        kind=DetentionPeriod.Kind.PROVISIONAL_RELEASE,
        kind_as_printed="medidas sustitutivas",
        start_date=dt.date(2021, 6, 7),
        term_ends_on=dt.date(2021, 9, 7),
        ended=True,
        ended_as_printed="fueron levantadas",
    )

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["measures"] == (
        'Rosa Castellanos: Provisional release with conditions ("medidas sustitutivas"), '
        'from 2021-06-07, ended ("fueron levantadas")'
    )


def test_csv_says_a_measure_start_no_source_gives_is_unknown():
    case = published_case()
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova")
    case.defenders.add(defender)
    DetentionPeriodFactory(
        case=case,
        defender=defender,
        kind=DetentionPeriod.Kind.TRAVEL_BAN,
        start_date=None,
        start_date_precision=Precision.UNKNOWN,
        start_date_as_printed="31 June 2022 [sic]",
        term_months=None,
    )

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["measures"] == (
        'Aigerim Dzhaksybekova: Travel ban, start unknown ("31 June 2022 [sic]")'
    )


def test_csv_neutralises_a_new_cell_a_spreadsheet_would_run():
    case = published_case()
    UnnamedGroup.objects.create(case=case, description='=HYPERLINK("http://evil.example")')
    Proceeding.objects.create(case=case, name="@SUM(A1)")

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["unnamed_groups"] == '\'=HYPERLINK("http://evil.example")'
    assert row["charges"] == ""


def _with_new_records(case: Case) -> None:
    """Give the case one record of each new kind, through the models (fast)."""
    defender = case.defenders.first()
    OtherName.objects.create(defender=defender, name="Another spelling")
    Affiliation.objects.create(defender=defender, role="lawyer", organisation="Bar", position=1)
    UnnamedGroup.objects.create(case=case, description="a dozen others", count=12)
    charge = ChargeFactory(case=case, defender=defender)
    decision = Decision.objects.create(proceeding=charge.proceeding, court="City Court")
    ruling = Ruling.objects.create(decision=decision, defender=defender, outcome="convicted")
    SentencePart.objects.create(ruling=ruling, kind="imprisonment", years=2)
    DetentionPeriodFactory(case=case, defender=defender, kind=DetentionPeriod.Kind.TRAVEL_BAN)


def test_csv_of_new_records_takes_the_same_queries_for_2_and_10_cases():
    client = partner_api_client()
    client.get(CSV)
    for _ in range(2):
        _with_new_records(a_case_full_of_secrets())
    two = _csv_queries(client, 2)
    for _ in range(8):
        _with_new_records(a_case_full_of_secrets())

    assert _csv_queries(client, 10) == two


def test_calendar_hearing_of_a_proceeding_at_an_unnamed_court_for_no_stated_purpose(editor):
    facts = new_facts_case(editor)

    [event] = events_of(partner_api_client().get(ICS))

    assert str(event["UID"]) == f"hearing-{facts.hearing}@hearings.appeals"
    # Nothing invented: no purpose, no court, no time.
    assert str(event["SUMMARY"]) == (
        "Hearing: Aigerim Dzhaksybekova, Bolot Bekov (criminal case No. 12345)"
    )
    assert str(event["LOCATION"]) == "Osh"
    assert event.decoded("DTSTART") == dt.date(2025, 4, 24)
    assert str(event["DESCRIPTION"]).split("\n") == [
        facts.case.reference,
        facts.case.title,
        "Court: court not named",
        "Proceeding: criminal case No. 12345",
        "Defenders: Aigerim Dzhaksybekova, Bolot Bekov",
    ]
    assert SECRET not in partner_api_client("Another").get(ICS).content.decode()


def test_calendar_hearing_with_nothing_but_a_date_is_still_a_valid_event():
    hearing = HearingFactory(case=published_case(), court="", city="", purpose="", local_time=None)

    calendar = calendar_of(partner_api_client().get(ICS))
    [event] = calendar.walk("VEVENT")

    assert str(event["SUMMARY"]) == "Hearing"
    assert "LOCATION" not in event
    assert event.decoded("DTSTART") == hearing.local_date
    assert "Purpose:" not in str(event["DESCRIPTION"])
    # What calendar programs need of an event is there.
    assert {"UID", "DTSTAMP", "DTSTART", "SEQUENCE"} <= set(event)


def test_calendar_hearing_of_an_unnamed_proceeding_names_its_kind():
    case = published_case()
    proceeding = Proceeding.objects.create(case=case, kind=Proceeding.Kind.ADMINISTRATIVE)
    HearingFactory(case=case, proceeding=proceeding)

    [event] = events_of(partner_api_client().get(ICS))

    assert str(event["SUMMARY"]) == "Extension of detention"
    assert "Proceeding: Administrative proceeding" in str(event["DESCRIPTION"]).split("\n")


def test_csv_leaves_out_a_situation_no_source_stated(reviewer):
    case = a_case_full_of_secrets()
    appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    case.defenders.update(situation="")

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["situations"] == ""
