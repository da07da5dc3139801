"""/api/v1/authorities/ and /api/v1/embassies/: the shared directory, read by partners and
staff, written by editors through the services."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from authorities.models import Authority, Embassy
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import AuthorityContactFactory, AuthorityFactory, EmbassyFactory

pytestmark = pytest.mark.django_db
AUTHORITIES = "/api/v1/authorities/"
EMBASSIES = "/api/v1/embassies/"
NEW_AUTHORITY = {
    "person_name": "Kurmanbek Sadyrov",
    "post": "Prosecutor General",
    "country": "KG",
    "salutation": "Dear Prosecutor General",
    "language": "ru",
    "contacts": [
        {"kind": "fax", "value": "+996 312 00 11 22"},
        {"kind": "email", "value": "prosecutor@gov.example.kg"},
    ],
}
NEW_EMBASSY = {
    "country": "KG",
    "host_country": "FR",
    "name": "Embassy of the Kyrgyz Republic in France",
    "city": "Paris",
    "fax": "+33 1 42 24 00 00",
}


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [AUTHORITIES, EMBASSIES])
def test_anonymous_gets_401(url):
    assert APIClient().get(url).status_code == 401


@pytest.mark.parametrize("url,body", [(AUTHORITIES, NEW_AUTHORITY), (EMBASSIES, NEW_EMBASSY)])
def test_partner_reads_but_cannot_write(url, body):
    client = partner_api_client()
    assert client.get(url).status_code == 200
    assert client.post(url, body).status_code == 403


@pytest.mark.parametrize("url,body", [(AUTHORITIES, NEW_AUTHORITY), (EMBASSIES, NEW_EMBASSY)])
def test_viewer_reads_but_cannot_write(viewer, url, body):
    client = staff_api_client(viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, body).status_code == 403


def test_editor_creates_an_authority_with_contacts_in_e164(editor):
    response = staff_api_client(editor).post(AUTHORITIES, NEW_AUTHORITY)

    assert response.status_code == 201
    authority = Authority.objects.get()
    assert response.json()["id"] == str(authority.pk)
    assert response.json()["contacts"] == [
        {
            "kind": "fax",
            "value": "+996312001122",
            "as_printed": "+996 312 00 11 22",
            "position": 0,
        },
        {
            "kind": "email",
            "value": "prosecutor@gov.example.kg",
            "as_printed": "prosecutor@gov.example.kg",
            "position": 1,
        },
    ]


def test_an_invalid_contact_is_400_and_nothing_is_written(editor):
    body = {**NEW_AUTHORITY, "contacts": [{"kind": "email", "value": "office@"}]}

    response = staff_api_client(editor).post(AUTHORITIES, body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"contacts": ["0: Enter a valid e-mail address."]}
    assert not Authority.objects.exists()


def test_an_office_ending_before_it_starts_is_400(editor):
    body = {**NEW_AUTHORITY, "office_start": "2025-01-01", "office_end": "2024-01-01"}

    response = staff_api_client(editor).post(AUTHORITIES, body)

    assert response.status_code == 400
    assert "office_end" in response.json()["errors"]


def test_editor_replaces_an_authoritys_contacts(editor):
    authority = AuthorityFactory()
    AuthorityContactFactory(authority=authority, value="+996312001122")

    response = staff_api_client(editor).patch(
        f"{AUTHORITIES}{authority.pk}/", {"contacts": [{"kind": "email", "value": "a@b.example"}]}
    )

    assert response.status_code == 200
    assert [c["value"] for c in response.json()["contacts"]] == ["a@b.example"]


def test_editor_creates_an_embassy(editor):
    response = staff_api_client(editor).post(EMBASSIES, NEW_EMBASSY)

    assert response.status_code == 201
    assert response.json()["fax"] == "+33142240000"
    assert Embassy.objects.get().host_country == "FR"


def test_a_second_embassy_for_the_same_pair_is_400(editor):
    EmbassyFactory(country="KG", host_country="FR")

    response = staff_api_client(editor).post(EMBASSIES, NEW_EMBASSY)

    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [
        "The directory already has this country's embassy in this host country."
    ]


# --- Reading and filtering ------------------------------------------------------------------


def test_authorities_filter_by_country():
    kg = AuthorityFactory(country="KG")
    AuthorityFactory(country="CO")

    results = partner_api_client().get(AUTHORITIES, {"country": "KG"}).json()["results"]

    assert [a["id"] for a in results] == [str(kg.pk)]


def test_a_campaigner_finds_the_target_countrys_embassy_in_their_own_country():
    wanted = EmbassyFactory(country="KG", host_country="BE")
    EmbassyFactory(country="KG", host_country="FR", name="Embassy of the Kyrgyz Republic in France")
    EmbassyFactory(country="KZ", host_country="BE", name="Embassy of Kazakhstan in Belgium")

    results = (partner_api_client().get(EMBASSIES, {"country": "KG", "host_country": "BE"}).json())[
        "results"
    ]

    assert [e["id"] for e in results] == [str(wanted.pk)]


def test_a_bad_country_is_400_naming_the_field():
    response = partner_api_client().get(EMBASSIES, {"host_country": "XX"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["host_country"]


def _queries(client, url: str, size: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": size})
    assert len(response.json()["results"]) == size
    return len(ctx.captured_queries)


def test_an_authority_page_takes_the_same_queries_for_2_and_10():
    for _ in range(10):
        AuthorityContactFactory()
    client = partner_api_client()
    client.get(AUTHORITIES, {"page_size": 1})

    assert _queries(client, AUTHORITIES, 2) == _queries(client, AUTHORITIES, 10)


def test_an_embassy_page_takes_the_same_queries_for_2_and_10():
    for host in ["BE", "FR", "DE", "NL", "IT", "ES", "PT", "AT", "CH", "SE"]:
        EmbassyFactory(host_country=host)
    client = partner_api_client()
    client.get(EMBASSIES, {"page_size": 1})

    assert _queries(client, EMBASSIES, 2) == _queries(client, EMBASSIES, 10)
