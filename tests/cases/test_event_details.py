"""What an event and unnamed people hold beyond their date and kind, as appeals print it: the
place, who acted, the organisation it befell, the charges it brought, the words of a threat
(confidential), whether it was reported and investigated; "at least 11", "several hundred",
the city, and when they were released."""

import datetime as dt

import pytest
from django.db import connection

from cases.models import Case, Event, UnnamedGroup
from tests.admin_forms import assert_saved
from tests.api_clients import partner_api_client, staff_api_client
from tests.cases.admin_support import a_case_with_records, change_url, edit
from tests.cases.test_api_exports import CSV, csv_rows
from tests.factories import CaseFactory, ChargeFactory, DefenderFactory

pytestmark = pytest.mark.django_db
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
THREAT = {
    "date": "2021-10-18",
    "kind": "threat",
    "description": "Followed from her home to the court and threatened.",
    "place": "outside the Minsk City Court",
    "actor": "unidentified men",
    "quotation": "would not see her children again",
    "quoted_by": "one of the men",
    "reported_to_police": True,
    "investigation_opened": False,
}


def _published_case_with_a_charge():
    defender = DefenderFactory()
    case = CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT)
    case.defenders.add(defender)
    charge = ChargeFactory(case=case, defender=defender)
    return case, charge


def test_an_event_keeps_its_place_actor_charges_words_and_what_was_done(reviewer):
    case, charge = _published_case_with_a_charge()
    api = staff_api_client(reviewer)
    event = {**THREAT, "organisation": "Pravovy Mayak", "charges": [str(charge.pk)]}

    response = api.patch(f"/api/v1/cases/{case.pk}/", {"events": [event]}, format="json")

    assert response.status_code == 200, response.content
    [stored] = response.json()["events"]
    assert {k: stored[k] for k in event if k not in ("date",)} == {
        k: v for k, v in event.items() if k != "date"
    }
    assert list(Event.objects.get().charges.all()) == [charge]


def test_an_event_that_does_not_say_leaves_reported_and_investigated_null(reviewer):
    case = CaseFactory()
    api = staff_api_client(reviewer)
    bare = {"date": "2021-03-12", "kind": "search", "description": "Office searched."}

    response = api.patch(f"/api/v1/cases/{case.pk}/", {"events": [bare]}, format="json")

    assert response.status_code == 200, response.content
    [stored] = response.json()["events"]
    assert (stored["reported_to_police"], stored["investigation_opened"]) == (None, None)
    assert (stored["place"], stored["actor"], stored["quotation"], stored["charges"]) == (
        "",
        "",
        "",
        [],
    )


def test_partner_never_sees_the_words_of_a_threat_and_the_database_holds_them_encrypted(
    reviewer, settings
):
    settings.API_SYNC_SETTLE_SECONDS = 0
    case, _charge = _published_case_with_a_charge()
    staff_api_client(reviewer).patch(
        f"/api/v1/cases/{case.pk}/", {"events": [THREAT]}, format="json"
    )

    [document] = partner_api_client().get("/api/v1/cases/").json()["results"]
    [event] = document["events"]
    assert "quotation" not in event and "quoted_by" not in event
    assert event["place"] == THREAT["place"]
    assert event["reported_to_police"] is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT quotation, quoted_by FROM cases_event")
        [(quotation, quoted_by)] = cursor.fetchall()
    assert THREAT["quotation"] not in quotation
    assert THREAT["quoted_by"] not in quoted_by


def test_an_event_naming_another_case_s_charge_is_refused_by_its_path(reviewer):
    case = CaseFactory()
    stranger = ChargeFactory()
    api = staff_api_client(reviewer)
    event = {**THREAT, "charges": [str(stranger.pk)]}

    response = api.patch(f"/api/v1/cases/{case.pk}/", {"events": [event]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"events[0].charges": [f"Unknown charge: {stranger.pk}."]}
    assert not Event.objects.exists()


def test_a_bad_reported_to_police_is_refused_naming_the_field(reviewer):
    case = CaseFactory()
    event = {**THREAT, "reported_to_police": "perhaps"}

    response = staff_api_client(reviewer).patch(
        f"/api/v1/cases/{case.pk}/", {"events": [event]}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["events[0].reported_to_police"]
    assert not Event.objects.exists()


def test_unnamed_people_keep_their_bound_city_release_and_an_amount_without_a_number(reviewer):
    case = CaseFactory()
    groups = [
        {
            "description": "at least 30 students",
            "count": 30,
            "count_approximate": True,
            "count_qualifier": "at_least",
            "city": "Béjaïa",
        },
        {"description": "several hundred workers", "count_approximate": True},
        {
            "description": "some 15 community members",
            "count": 15,
            "count_approximate": True,
            "released_on": "2021-06-01/2021-06-10",
            "released_on_as_printed": "al día siguiente",
            "release_as_printed": "fueron liberados al día siguiente",
        },
    ]

    response = staff_api_client(reviewer).patch(
        f"/api/v1/cases/{case.pk}/", {"unnamed_groups": groups}, format="json"
    )

    assert response.status_code == 200, response.content
    students, workers, community = response.json()["unnamed_groups"]
    assert (students["count_qualifier"], students["city"]) == ("at_least", "Béjaïa")
    assert (workers["count"], workers["count_approximate"]) == (None, True)
    assert community["released_on"] == "2021-06-01/2021-06-10"
    assert community["released_on_precision"] == "range"
    assert community["released_on_latest"] == "2021-06-10"
    assert community["released_on_as_printed"] == "al día siguiente"
    assert community["release_as_printed"] == "fueron liberados al día siguiente"


def test_unnamed_people_with_a_bad_release_date_are_refused_naming_the_field(reviewer):
    case = CaseFactory()
    group = {"description": "a dozen other lawyers", "released_on": "the next day"}

    response = staff_api_client(reviewer).patch(
        f"/api/v1/cases/{case.pk}/", {"unnamed_groups": [group]}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["unnamed_groups[0].released_on"]
    assert not UnnamedGroup.objects.exists()


def test_the_csv_gives_unnamed_people_with_their_bound_and_city(reviewer, settings):
    settings.API_SYNC_SETTLE_SECONDS = 0
    case, _charge = _published_case_with_a_charge()
    groups = [
        {"description": "au moins 30 étudiants", "count": 30, "count_qualifier": "at_least"},
        {"description": "more than 200 of them", "count": 200, "count_qualifier": "more_than"},
        {"description": "several hundred workers", "count_approximate": True, "city": "Atyrau"},
    ]
    staff_api_client(reviewer).patch(
        f"/api/v1/cases/{case.pk}/", {"unnamed_groups": groups}, format="json"
    )

    [row] = csv_rows(partner_api_client().get(CSV))

    assert row["unnamed_groups"] == (
        "au moins 30 étudiants (at least 30); more than 200 of them (more than 200); "
        "several hundred workers, Atyrau"
    )


def test_the_case_page_saves_an_event_s_details_and_charges_through_the_same_service(
    editor_client,
):
    case = a_case_with_records()
    charge = case.charges.get()
    post = edit(editor_client, case)
    post.set(
        "events-0",
        place="his office in Minsk",
        actor="Policía Nacional",
        charges=[charge],
        reported_to_police="true",
        quotation=THREAT["quotation"],
    )

    assert_saved(editor_client.post(change_url(case), post.data))

    event = Event.objects.get()
    assert (event.place, event.actor, event.quotation) == (
        "his office in Minsk",
        "Policía Nacional",
        THREAT["quotation"],
    )
    assert (event.reported_to_police, event.investigation_opened) == (True, None)
    assert list(event.charges.all()) == [charge]
