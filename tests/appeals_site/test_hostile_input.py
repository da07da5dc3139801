"""Hostile input against the real endpoints: oversized and deeply nested bodies, bytes that
are not UTF-8, numbers and dates no field can hold, NUL bytes (which PostgreSQL refuses).
Each is a clear 4xx naming what was wrong, never a 5xx, and writes nothing.

The endpoints: the API's list filters (partner), case create and update (staff), a letter
request (anyone), and the public take-action form (anyone)."""

import pytest
from rest_framework.test import APIClient

from cases.models import Case, Charge, DetentionPeriod, Event, Hearing
from cases.references import case_public_path
from letters.models import Letter
from partners.services import partner_create
from tests.api_clients import bearer_client
from tests.cases.test_api_writes import a_new_case
from tests.factories import DefenderFactory
from tests.public.test_public_pages import published_case

pytestmark = pytest.mark.django_db

WRITTEN = (Case, Charge, DetentionPeriod, Event, Hearing, Letter)
TWO_MIB = 2 * 1024 * 1024


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


@pytest.fixture
def partner():
    _partner, raw = partner_create(name="Partner network")
    return bearer_client(raw)


@pytest.fixture
def staff(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def case():
    return published_case()


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    settings.LETTER_THROTTLE = "off"


def post_raw(client, path: str, body: bytes, content_type: str = "application/json"):
    return client.generic("POST", path, body, content_type=content_type)


def assert_invalid(response, *fields: str) -> dict:
    """The response is the API's 400 naming exactly `fields`; return its errors."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid"
    assert set(body["errors"]) == set(fields), body["errors"]
    return body["errors"]


def assert_parse_error(response) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["status"] == 400 and body["code"] == "parse_error"
    assert body["detail"].startswith("JSON parse error - ")


# --- List filters and paging (a partner's reads) --------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/cases/", "page_size=1000000000000000000000000000000", "page_size"),
        ("/api/v1/cases/", "page_size=1e400", "page_size"),
        ("/api/v1/cases/", "updated_since=9999999999-01-01T00:00:00Z", "updated_since"),
        ("/api/v1/cases/", "updated_since=0000-01-01T00:00:00Z", "updated_since"),
        ("/api/v1/cases/", "updated_since=2026-02-30T00:00:00Z", "updated_since"),
        ("/api/v1/cases/", "updated_since=9999-12-31T23:59:59-14:00", "updated_since"),
        ("/api/v1/cases/", "hearing_from=99999-01-01", "hearing_from"),
        ("/api/v1/cases/", "hearing_to=0000-01-01", "hearing_to"),
        ("/api/v1/cases/", "hearing_from=2026-02-30", "hearing_from"),
        ("/api/v1/cases/", "q=%00", "q"),
        ("/api/v1/cases/", "reference=KGZ%00003", "reference"),
        ("/api/v1/cases/", "cursor=%00%00", "cursor"),
        ("/api/v1/cases/", "q=%FF%FE", "q"),
        ("/api/v1/cases/", "country=K%C3G", "country"),
        ("/api/v1/cases/tombstones/", "since=9999999999-01-01T00:00:00Z", "since"),
        ("/api/v1/cases/tombstones/", "since=2026-02-30T00:00:00Z", "since"),
        ("/api/v1/cases.csv", "updated_since=0000-01-01T00:00:00Z", "updated_since"),
        ("/api/v1/hearings/", "date_from=99999-01-01", "date_from"),
        ("/api/v1/hearings/", "page_size=-1", "page_size"),
        ("/api/v1/appeals/", "updated_since=2026-13-01T00:00:00Z", "updated_since"),
        ("/api/v1/defenders/", "updated_since=%00", "updated_since"),
    ],
)
def test_a_filter_no_date_or_number_can_hold_is_400_naming_it(partner, case, path, query, field):
    response = partner.get(f"{path}?{query}")

    assert_invalid(response, field)


def test_an_undecodable_query_string_is_400_naming_the_parameter(partner):
    errors = assert_invalid(partner.get("/api/v1/cases/?q=%C3%28"), "q")

    assert errors == {"q": ["This is not valid UTF-8 text."]}


# --- Case create (staff) -----------------------------------------------------------------------


def test_an_oversized_body_is_413_refused_unread(staff):
    body = b'{"title": "' + b"x" * TWO_MIB + b'"}'

    response = post_raw(staff, "/api/v1/cases/", body)

    assert response.status_code == 413
    assert response.json() == {
        "status": 413,
        "code": "too_large",
        "detail": "The request body is larger than 2097152 bytes.",
    }
    assert Case.objects.count() == 0


def test_a_body_just_under_the_limit_is_read(staff):
    data = a_new_case(DefenderFactory())
    data["background"] = "x" * (TWO_MIB - 10_000)

    assert staff.post("/api/v1/cases/", data).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 10_000 + b"]" * 10_000, id="10,000 nested arrays"),
        pytest.param(b'{"a":' * 10_000 + b"1" + b"}" * 10_000, id="10,000 nested objects"),
        pytest.param(b'{"title": "caf\xe9"}', id="Latin-1, not UTF-8"),
        pytest.param(b'{"title": "\\ud800"}', id="a lone surrogate"),
        pytest.param(b'{"detention_periods": [{"term_days": 1e400}]}', id="1e400"),
        pytest.param(b'{"title": NaN}', id="NaN"),
        pytest.param(b"\xef\xbb\xbf{}", id="a byte order mark"),
    ],
)
def test_a_body_that_is_not_json_we_can_hold_is_a_parse_error(staff, body):
    before = rows()

    assert_parse_error(post_raw(staff, "/api/v1/cases/", body))
    assert rows() == before


def _with(data: dict, path: str, value) -> dict:
    """Return `data` with `value` at `path` ("detention_periods.0.term_days")."""
    target = data
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("detention_periods.0.term_months", 10**100, "detention_periods[0].term_months"),
        ("detention_periods.0.term_months", 2**30, "detention_periods[0].term_months"),
        ("detention_periods.0.term_months", -(2**63), "detention_periods[0].term_months"),
        (
            "detention_periods.0.extensions.0.term_months",
            2**30,
            "detention_periods[0].extensions[0].term_months",
        ),
        ("detention_periods.0.start_date", "0000-01-01", "detention_periods[0].start_date"),
        ("detention_periods.0.start_date", "99999-01-01", "detention_periods[0].start_date"),
        ("events.0.date", "2026-02-30", "events[0].date"),
        ("hearings.0.local_date", "9999999999-01-01", "hearings[0].local_date"),
        ("hearings.0.local_time", "25:61", "hearings[0].local_time"),
        ("title", "Kyrgyzstan:\x00 detention", "title"),
        ("summary", "\x00", "summary"),
        (
            "proceedings.0.charges.0.article",
            "341\x00",
            "proceedings[0].charges[0].article",
        ),
        ("events.0.description", "arrested\x00", "events[0].description"),
        ("hearings.0.court", "City Court\x00", "hearings[0].court"),
        ("violations.0", "arbitrary\x00detention", "violations[0]"),
        ("time_zone", "Asia/Bishkek\x00", "time_zone"),
        ("hearings.0.time_zone", "../../etc/passwd", "hearings[0].time_zone"),
    ],
)
def test_a_value_no_field_can_hold_is_400_naming_it_and_writes_nothing(staff, path, value, field):
    data = _with(a_new_case(DefenderFactory()), path, value)
    before = rows()

    assert_invalid(staff.post("/api/v1/cases/", data), field)
    assert rows() == before


# --- Case update (staff) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "A new title\x00"}, "title"),
        ({"background": "x" * 10 + "\x00"}, "background"),
        (
            {"events": [{"date": "2026-02-30", "kind": "arrest", "description": "x"}]},
            "events[0].date",
        ),
        ({"detention_periods": [{"term_months": 10**30}]}, "detention_periods[0].term_months"),
    ],
)
def test_a_hostile_update_is_400_and_leaves_the_case_as_it_was(staff, case, data, field):
    before = Case.objects.values().get(pk=case.pk)
    counts = rows()

    response = staff.patch(f"/api/v1/cases/{case.pk}/", data)

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Case.objects.values().get(pk=case.pk) == before
    assert rows() == counts


def test_an_oversized_update_is_413(staff, case):
    body = b'{"summary": "' + b"x" * TWO_MIB + b'"}'

    response = staff.generic(
        "PATCH", f"/api/v1/cases/{case.pk}/", body, content_type="application/json"
    )

    assert response.status_code == 413
    assert Case.objects.get(pk=case.pk).summary != "x"


# --- A letter request (anyone, no key) -----------------------------------------------------


def _letters_path(case) -> str:
    return f"/api/v1/appeals/{case.appeals.get().pk}/letters/"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"authority": "all", "language": "en", "name": "Zoë\x00"}, "name"),
        ({"authority": "all", "language": "en", "city": "\x00"}, "city"),
        ({"authority": "all\x00", "language": "en"}, "authority"),
        ({"authority": 10**100, "language": "en"}, "authority"),
        ({"authority": "all", "language": "en\x00"}, "language"),
        ({"authority": "all", "language": "en", "country": "F\x00"}, "country"),
    ],
)
def test_a_hostile_letter_request_is_400_naming_the_field_and_makes_no_letter(case, data, field):
    response = APIClient().post(_letters_path(case), data, format="json")

    assert_invalid(response, field)
    assert Letter.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 10_000 + b"]" * 10_000, id="10,000 nested arrays"),
        pytest.param(b'{"authority": "all", "language": "en", "name": "Zo\xeb"}', id="Latin-1"),
    ],
)
def test_a_letter_request_that_is_not_json_is_a_parse_error(case, body):
    assert_parse_error(post_raw(APIClient(), _letters_path(case), body))
    assert Letter.objects.count() == 0


def test_an_oversized_letter_request_is_413(case):
    body = b'{"authority": "all", "language": "en", "name": "' + b"x" * TWO_MIB + b'"}'

    assert post_raw(APIClient(), _letters_path(case), body).status_code == 413
    assert Letter.objects.count() == 0


# --- The public take-action form (anyone) -------------------------------------------------------


def _form_path(case) -> str:
    return case_public_path(reference=case.reference) + "letters/"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"language=en&authority=all&name=Zo%00e", "name"),
        (b"language=en&authority=all&organisation=%00", "organisation"),
        (b"language=en%00&authority=all", "language"),
        (b"language=en&authority=all&country=F%00", "country"),
    ],
)
def test_a_nul_byte_in_the_form_is_400_showing_the_field_error(client, case, body, field):
    response = post_raw(client, _form_path(case), body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Letter.objects.count() == 0


def test_a_form_that_is_not_utf8_is_400_naming_the_field(client, case):
    body = b"language=en&authority=all&name=Zo%EB"

    response = post_raw(client, _form_path(case), body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.content.decode() == "Not valid UTF-8 text: name."
    assert Letter.objects.count() == 0


def test_an_oversized_form_is_400(client, case):
    body = b"language=en&authority=all&name=" + b"x" * TWO_MIB

    response = post_raw(client, _form_path(case), body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert Letter.objects.count() == 0


def test_a_public_page_with_an_undecodable_query_string_is_400(client, case):
    assert client.get("/?q=%FF").status_code == 400
    assert (
        client.get(case_public_path(reference=case.reference) + "?host_country=%FF").status_code
        == 400
    )
