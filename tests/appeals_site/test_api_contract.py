"""The API as a contract (issue 19): one error shape everywhere under /api/, with codes a
program can switch on and text in the answer's language; no query parameter silently
ignored; a timestamp's unencoded "+" read as meant."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Case, Hearing
from cases.services import case_delete, case_set_status, case_touch
from partners.services import partner_calendar_token_rotate, partner_create
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import AppealFactory, CaseFactory, DefenderFactory, HearingFactory

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


def test_the_secret_calendar_url_takes_its_token_in_the_path_only():
    partner, _key = partner_create(name="Calendars")
    token = partner_calendar_token_rotate(partner=partner)
    url = f"/api/v1/calendar/{token}/hearings.ics"

    assert APIClient().get(url).status_code == 200
    twice = APIClient().get(url, {"token": token})
    assert twice.status_code == 400
    assert list(twice.json()["errors"]) == ["token"]


def test_the_services_validation_messages_are_in_the_language_the_answer_says(superuser):
    """Messages of the domain's rules (cases.services), not only the API's own, reach a
    client in its language."""
    staff = staff_api_client(superuser)
    case = CaseFactory()
    nobody = "00000000-0000-0000-0000-000000000019"

    french = staff.patch(
        f"/api/v1/cases/{case.pk}/",
        {"source_appeal": nobody},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    russian = staff.patch(
        f"/api/v1/cases/{case.pk}/",
        {"defenders": [nobody]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert (french.status_code, french["Content-Language"]) == (400, "fr")
    assert french.json()["errors"] == {"source_appeal": [f"Pas un appel de ce dossier : {nobody}."]}
    assert (russian.status_code, russian["Content-Language"]) == (400, "ru")
    assert russian.json()["errors"] == {"defenders": [f"Не найдено (правозащитник): {nobody}."]}


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


# --- Caching --------------------------------------------------------------------------------


@pytest.fixture
def published_cases(reviewer, settings):
    settings.API_SYNC_SETTLE_SECONDS = 0
    return [
        case_set_status(case=CaseFactory(), status=Case.Status.PUBLISHED, acting_user=reviewer)
        for _ in range(3)
    ]


def test_an_unchanged_first_page_answers_304_and_a_change_gives_a_new_etag(
    partner, published_cases
):
    first = partner.get("/api/v1/cases/", {"page_size": 2})
    again = partner.get("/api/v1/cases/", {"page_size": 2})
    assert first.json()["until"] != again.json()["until"]  # the clock moved: the data did not
    assert first["ETag"] == again["ETag"]

    revalidated = partner.get("/api/v1/cases/", {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304

    case_touch(case_id=first.json()["results"][0]["id"])
    changed = partner.get("/api/v1/cases/", {"page_size": 2}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_an_unchanged_record_list_answers_304(partner, published_cases):
    first = partner.get("/api/v1/defenders/")
    assert partner.get("/api/v1/defenders/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_csv_has_an_etag_that_answers_304_until_a_case_changes(partner, published_cases):
    first = partner.get("/api/v1/cases.csv")
    b"".join(first.streaming_content)
    assert first["ETag"]

    assert partner.get("/api/v1/cases.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    case_touch(case_id=published_cases[0].pk)
    assert partner.get("/api/v1/cases.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


# --- Tombstones -----------------------------------------------------------------------------


@pytest.fixture
def public_case_with_records(reviewer):
    case = CaseFactory()
    defender = DefenderFactory()
    case.defenders.add(defender)
    hearing = HearingFactory(case=case)
    appeal = AppealFactory(case=case, issued_at=timezone.now(), issue_date=timezone.now().date())
    case = case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=reviewer)
    return case, {"defenders": defender.pk, "hearings": hearing.pk, "appeals": appeal.pk}


def tombstones(client, records: str, since: dt.datetime) -> list[tuple[str, str]]:
    response = client.get(f"/api/v1/{records}/tombstones/", {"since": since.isoformat()})
    assert response.status_code == 200
    key = {"defenders": "defender_id", "hearings": "hearing_id", "appeals": "appeal_id"}[records]
    return [(row[key], row["reason"]) for row in response.json()["results"]]


@pytest.mark.parametrize("records", ["defenders", "hearings", "appeals"])
def test_records_of_a_case_taken_back_from_publication_have_tombstones(
    partner, reviewer, public_case_with_records, records
):
    case, ids = public_case_with_records
    since = timezone.now()
    assert tombstones(partner, records, since) == []
    assert partner.get(f"/api/v1/{records}/{ids[records]}/").status_code == 200

    case_set_status(case=case, status=Case.Status.DRAFT, acting_user=reviewer)

    assert partner.get(f"/api/v1/{records}/{ids[records]}/").status_code == 404
    assert tombstones(partner, records, since) == [(str(ids[records]), "unpublished")]
    assert tombstones(partner, records, timezone.now()) == []


@pytest.mark.parametrize("records", ["defenders", "hearings", "appeals"])
def test_records_of_a_deleted_public_case_have_tombstones(
    partner, reviewer, public_case_with_records, records
):
    case, ids = public_case_with_records
    since = timezone.now()

    case_delete(case=case, acting_user=reviewer)

    # The hearing and the appeal went with the case; the defender is still on record, on no
    # public case.
    reason = "unpublished" if records == "defenders" else "deleted"
    assert tombstones(partner, records, since) == [(str(ids[records]), reason)]


def test_a_hearing_deleted_from_a_public_case_has_a_tombstone(partner, public_case_with_records):
    _case, ids = public_case_with_records
    since = timezone.now()

    Hearing.objects.get(pk=ids["hearings"]).delete()

    assert tombstones(partner, "hearings", since) == [(str(ids["hearings"]), "deleted")]


def test_a_defender_taken_off_a_public_case_has_a_tombstone(
    partner, superuser, public_case_with_records
):
    case, ids = public_case_with_records
    since = timezone.now()

    staff = staff_api_client(superuser)
    assert staff.patch(f"/api/v1/cases/{case.pk}/", {"defenders": []}).status_code == 200

    assert tombstones(partner, "defenders", since) == [(str(ids["defenders"]), "unpublished")]


def test_a_draft_s_deleted_hearing_is_never_told_to_partners(partner):
    hearing = HearingFactory()
    since = timezone.now()
    hearing.delete()

    assert tombstones(partner, "hearings", since) == []


# --- Rate limits ----------------------------------------------------------------------------


def test_each_answer_says_where_the_key_stands_and_the_limit_is_a_429(partner, settings):
    settings.API_THROTTLE_PARTNER = "2/minute"

    answers = [partner.get("/api/v1/cases/") for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert {a["RateLimit-Limit"] for a in answers} == {"2"}
    assert {a["RateLimit-Policy"] for a in answers} == {"2;w=60"}
    assert 0 < int(answers[2]["RateLimit-Reset"]) <= 60
    assert answers[2]["Retry-After"] == answers[2]["RateLimit-Reset"]
    assert answers[2].json()["code"] == "throttled"


def test_a_failing_cache_lets_partners_through(partner, settings, monkeypatch):
    settings.API_THROTTLE_PARTNER = "1/minute"
    assert partner.get("/api/v1/cases/").status_code == 200
    assert partner.get("/api/v1/cases/").status_code == 429

    class Down:
        """A cache whose server does not answer."""

        def add(self, *args, **kwargs):
            raise ConnectionError("the cache is down")

        incr = add

    class Swallowing:
        """A cache that swallows its failures (django-redis's IGNORE_EXCEPTIONS): None."""

        def add(self, *args, **kwargs):
            return None

        incr = add

    monkeypatch.setattr("appeals_site.throttling.cache", Down())
    answer = partner.get("/api/v1/cases/")
    assert answer.status_code == 200
    assert "RateLimit-Remaining" not in answer
    monkeypatch.setattr("appeals_site.throttling.cache", Swallowing())
    assert partner.get("/api/v1/cases/").status_code == 200
