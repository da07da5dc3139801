"""The API's permission matrix: every endpoint, every persona.

Allowed writes are posted with an empty or partial body, so an allowed persona gets a 400 (the
permission passed, the validation did not) and a refused one a 401 or 403.
"""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from cases.models import Case
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "partner", "viewer", "editor", "reviewer"]


@pytest.fixture
def clients(editor, reviewer, viewer):
    return {
        "anonymous": APIClient(),
        "partner": partner_api_client(),
        "viewer": staff_api_client(viewer),
        "editor": staff_api_client(editor),
        "reviewer": staff_api_client(reviewer),
    }


@pytest.fixture
def case():
    return CaseFactory(status=Case.Status.IN_REVIEW)


READS = [
    "/api/v1/cases/",
    "/api/v1/cases/tombstones/",
    "/api/v1/appeals/",
    "/api/v1/defenders/",
    "/api/v1/hearings/",
    "/api/v1/authorities/",
    "/api/v1/embassies/",
    "/api/v1/cases.csv",
    "/api/v1/hearings.ics",
]


@pytest.mark.parametrize("path", READS)
def test_reads(clients, path):
    statuses = {who: clients[who].get(path).status_code for who in PERSONAS}
    assert statuses == {
        "anonymous": 401,
        "partner": 200,
        "viewer": 200,
        "editor": 200,
        "reviewer": 200,
    }


@pytest.mark.parametrize(
    "path", ["/api/v1/cases/", "/api/v1/defenders/", "/api/v1/authorities/", "/api/v1/embassies/"]
)
def test_creating_records(clients, path):
    statuses = {who: clients[who].post(path, {}, format="json").status_code for who in PERSONAS}
    assert statuses == {
        "anonymous": 401,
        "partner": 403,
        "viewer": 403,
        "editor": 400,
        "reviewer": 400,
    }


def test_issuing_an_appeal(clients, case):
    path = f"/api/v1/cases/{case.pk}/appeals/"
    statuses = {who: clients[who].post(path, {}, format="json").status_code for who in PERSONAS}
    assert statuses == {
        "anonymous": 401,
        "partner": 404,  # a case in review does not exist for partners (not even to write)
        "viewer": 403,
        "editor": 400,
        "reviewer": 400,
    }


def test_publishing_a_case(clients, case):
    statuses = {}
    for who in PERSONAS:
        response = clients[who].patch(
            f"/api/v1/cases/{case.pk}/", {"status": "published"}, format="json"
        )
        statuses[who] = response.status_code
        Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_REVIEW)
    assert statuses == {
        "anonymous": 401,
        "partner": 404,  # a case in review does not exist for partners (not even to write)
        "viewer": 403,
        "editor": 403,
        "reviewer": 200,
    }


def test_editing_a_case(clients, case):
    statuses = {
        who: clients[who]
        .patch(f"/api/v1/cases/{case.pk}/", {"title": "Edited"}, format="json")
        .status_code
        for who in PERSONAS
    }
    assert statuses == {
        "anonymous": 401,
        "partner": 404,  # a case in review does not exist for partners (not even to write)
        "viewer": 403,
        "editor": 200,
        "reviewer": 200,
    }


def test_a_partner_cannot_reach_a_case_in_review(clients, case):
    assert clients["partner"].get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert clients["viewer"].get(f"/api/v1/cases/{case.pk}/").status_code == 200


def test_a_logged_in_non_staff_user_is_refused(client):
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/api/v1/cases/").status_code == 401


def test_an_expired_staff_key_is_refused(editor):
    from partners.services import api_key_create

    _key, raw = api_key_create(user=editor, expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/cases/").status_code == 401
