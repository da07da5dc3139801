"""The API as a contract (issue 19): one error shape everywhere under /api/, with codes a
program can switch on and text in the answer's language; no query parameter silently
ignored; a timestamp's unencoded "+" read as meant."""

import pytest

from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return partner_api_client()


def test_an_address_under_api_that_names_nothing_is_a_json_404(partner):
    response = partner.get("/api/v1/nope/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "There is nothing at this address: see /api/schema/ for what there is.",
    }


def test_an_id_that_is_no_uuid_is_a_404_in_the_error_shape(partner):
    response = partner.get("/api/v1/cases/not-a-uuid/")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert partner.get("/api/v1/defenders/not-a-uuid/").json()["code"] == "not_found"


def test_a_method_an_endpoint_does_not_take_is_a_405_in_the_error_shape(superuser):
    case = CaseFactory()

    response = staff_api_client(superuser).delete(f"/api/v1/cases/{case.pk}/")

    assert response.status_code == 405
    assert response.json() == {
        "status": 405,
        "code": "method_not_allowed",
        "detail": 'Method "DELETE" not allowed.',
    }


def test_errors_are_in_the_language_the_answer_says(partner):
    response = partner.get("/api/v1/cases/", {"page_size": 0}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "fr"
    assert response.json() == {
        "status": 400,
        "code": "invalid",
        "detail": "La requête n'est pas valide : voir errors.",
        "errors": {"page_size": ["Donnez un nombre entier de 1 à 500."]},
    }
    missing = partner.get("/api/v1/nope/", HTTP_ACCEPT_LANGUAGE="fr")
    assert missing["Content-Language"] == "fr"
    assert missing.json()["detail"].startswith("Il n'y a rien à cette adresse")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/cases/", "/api/v1/defenders/", "/api/v1/cases.csv", "/api/v1/cases/tombstones/"],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(partner, path):
    response = partner.get(path, {"updated_sinc": "2025-01-01T00:00:00Z"})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "updated_sinc": ["Unknown query parameter: check its spelling against the schema."]
    }


def test_an_unencoded_plus_in_updated_since_is_read_as_meant(partner):
    # What a client sends when it pastes `until` into a URL without encoding it.
    response = partner.get("/api/v1/cases/?updated_since=2025-04-14T10:00:00.5+06:00")
    encoded = partner.get("/api/v1/cases/", {"updated_since": "2025-04-14T10:00:00.5+06:00"})

    assert response.status_code == 200
    assert encoded.status_code == 200
    tombstones = partner.get("/api/v1/cases/tombstones/?since=2025-04-14T10:00:00+06:00")
    assert tombstones.status_code == 200
