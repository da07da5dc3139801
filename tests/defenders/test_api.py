"""/api/v1/defenders/: who sees which defenders and which of their facts; staff writes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import Case
from defenders.models import Defender
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import AreaOfWorkFactory, CaseFactory, DefenderFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/defenders/"
CANARY = "CANARY-defender-9c1e"
# A valid Kyrgyz mobile number (invented subscriber): the canary of the phone field.
CANARY_PHONE = "+996555123456"
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
NEW_DEFENDER = {"full_name": "Aigerim Dzhaksybekova", "country": "KG", "situation": "at_liberty"}


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


def a_secretive_defender(**kwargs) -> Defender:
    return DefenderFactory(
        health_notes=CANARY,
        family_notes=CANARY,
        home_address=CANARY,
        phone=CANARY_PHONE,
        internal_notes=CANARY,
        **kwargs,
    )


def in_public_case(defender: Defender) -> Defender:
    CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT).defenders.add(defender)
    return defender


# --- Permissions ----------------------------------------------------------------------------


def test_anonymous_gets_401():
    assert APIClient().get(URL).status_code == 401


def test_partner_cannot_create_a_defender():
    response = partner_api_client().post(URL, NEW_DEFENDER)
    assert response.status_code == 403
    assert not Defender.objects.exists()


def test_viewer_reads_but_cannot_create(viewer):
    client = staff_api_client(viewer)
    assert client.get(URL).status_code == 200
    assert client.post(URL, NEW_DEFENDER).status_code == 403


def test_editor_creates_a_defender_with_areas_of_work(editor):
    AreaOfWorkFactory(name="Land rights")

    response = staff_api_client(editor).post(
        URL, {**NEW_DEFENDER, "phone": "+996 555 12 34 56", "areas_of_work": ["land-rights"]}
    )

    assert response.status_code == 201
    defender = Defender.objects.get()
    assert response.json()["id"] == str(defender.pk)
    assert response.json()["phone"] == CANARY_PHONE
    assert [a.slug for a in defender.areas_of_work.all()] == ["land-rights"]
    assert defender.history.earliest().history_user == editor


def test_a_phone_that_cannot_be_read_is_kept_as_printed_with_a_warning(editor):
    response = staff_api_client(editor).post(URL, {**NEW_DEFENDER, "phone": "12"})

    assert response.status_code == 201
    assert (response.json()["phone"], response.json()["phone_as_printed"]) == ("", "12")
    assert list(response.json()["warnings"]) == ["phone"]


def test_editor_updates_a_defender_and_its_cases_are_marked_changed(editor):
    defender = in_public_case(DefenderFactory(situation="at_liberty"))
    case = defender.cases.get()
    Case.objects.filter(pk=case.pk).update(updated_at=PUBLISHED_AT)

    response = staff_api_client(editor).patch(
        f"{URL}{defender.pk}/", {"situation": "pre_trial_detention"}
    )

    assert response.status_code == 200
    assert response.json()["situation"] == "pre_trial_detention"
    assert Case.objects.get(pk=case.pk).updated_at > PUBLISHED_AT


def test_partner_cannot_update_a_defender():
    defender = in_public_case(DefenderFactory())
    response = partner_api_client().patch(f"{URL}{defender.pk}/", {"full_name": "X"})
    assert response.status_code == 403


# --- What partners see ----------------------------------------------------------------------


def test_partner_sees_only_defenders_of_public_cases():
    public = in_public_case(DefenderFactory())
    CaseFactory(status=Case.Status.DRAFT).defenders.add(DefenderFactory())
    DefenderFactory()  # in no case

    ids = [d["id"] for d in partner_api_client().get(URL).json()["results"]]

    assert ids == [str(public.pk)]


def test_partner_cannot_open_a_defender_of_a_draft_case():
    defender = DefenderFactory()
    CaseFactory(status=Case.Status.DRAFT).defenders.add(defender)

    assert partner_api_client().get(f"{URL}{defender.pk}/").status_code == 404


def test_partner_never_sees_a_confidential_field_of_a_defender():
    defender = in_public_case(a_secretive_defender())
    client = partner_api_client()

    listing = client.get(URL)
    detail = client.get(f"{URL}{defender.pk}/")

    for response in (listing, detail):
        assert response.status_code == 200
        assert CANARY not in response.content.decode()
        assert CANARY_PHONE not in response.content.decode()
    assert not {"health_notes", "phone", "disclosed_fields"} & set(detail.json())


def test_partner_sees_the_fact_staff_disclosed_and_no_other():
    defender = in_public_case(a_secretive_defender(disclosed_fields=["phone"]))

    document = partner_api_client().get(f"{URL}{defender.pk}/").json()

    assert document["phone"] == CANARY_PHONE
    assert "health_notes" not in document


def test_staff_see_every_confidential_field(viewer):
    defender = a_secretive_defender()

    document = staff_api_client(viewer).get(f"{URL}{defender.pk}/").json()

    assert document["health_notes"] == CANARY
    assert document["phone"] == CANARY_PHONE
    assert document["disclosed_fields"] == []


def test_list_filters_by_country():
    in_public_case(DefenderFactory(country="CO"))
    kg = in_public_case(DefenderFactory(country="KG"))

    results = partner_api_client().get(URL, {"country": "KG"}).json()["results"]

    assert [d["id"] for d in results] == [str(kg.pk)]


def _queries(client, size: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"page_size": size})
    assert len(response.json()["results"]) == size
    return len(ctx.captured_queries)


def test_a_page_takes_the_same_queries_for_2_and_10_defenders():
    area = AreaOfWorkFactory(name="Environment")
    for _ in range(10):
        in_public_case(DefenderFactory()).areas_of_work.add(area)
    client = partner_api_client()
    client.get(URL, {"page_size": 1})  # the key's last-used time is written once

    assert _queries(client, 2) == _queries(client, 10)
