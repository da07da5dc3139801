"""The conformance walk (issue 19): every answer of the API matches the schema it serves.

Over the demo and generated cases, as a partner and as staff, it walks every list endpoint
page by page (reading each page's first record too), the tombstones, the CSV and the
calendar, and sends the error and edge requests a client meets (no key, an expired key, an
unknown parameter, a bad id, a bad cursor, an unchanged page revalidated). openapi-core
checks each answer against /api/schema/ as served: the status declared for the operation,
the body valid, nullability right. An address that names nothing has no operation: its
answer is checked against the schema's Error body.

On main before this walk, `GET /api/v1/hearings/` failed it: a hearing of a case without a
reference had `"case_reference": null`, which the schema declared non-nullable.
"""

import datetime as dt
import io
import json
import os
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.exceptions import OpenAPIError
from openapi_schema_validator import OAS30Validator
from rest_framework.test import APIClient

from appeals_site.api.schema import EXAMPLES_FILE, real_answers
from partners.models import Partner
from partners.services import api_key_create
from tests.api_clients import bearer_client, partner_api_client, staff_api_client
from tests.factories import UserFactory

# One xdist worker runs the module, so the demo and the generated cases load once per run, not
# once per worker (the load is the module's longest step).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("api_conformance")]

PAGE_SIZE = 9
# The first real answer of each operation and status the walks met, for the examples.
REAL_ANSWERS: dict[str, dict[str, object]] = {}


@pytest.fixture(scope="module")
def demo_and_generated(django_db_setup, django_db_blocker):
    """The demo and 12 generated cases, loaded once for this module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        UserFactory(username="rita", is_staff=True, is_superuser=True)
        call_command("load_demo", stdout=io.StringIO())
        call_command("generate_cases", count=12, seed=19, verbosity=0, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def walk(demo_and_generated, db, settings):
    settings.API_SYNC_SETTLE_SECONDS = 0
    settings.API_THROTTLE_PARTNER = "off"
    settings.API_THROTTLE_STAFF = "off"
    anonymous = APIClient()
    served = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert served.status_code == 200
    schema = served.json()
    return Walk(schema)


class Walk:
    def __init__(self, schema: dict):
        self.schema = schema
        # The files are text: read as a client reads them (UTF-8), then checked as strings.
        text = {
            media: (lambda body, **params: body.decode("utf-8"))
            for media in ("text/csv", "text/calendar")
        }
        self.openapi = OpenAPI.from_dict(schema, config=Config(extra_media_type_deserializers=text))
        error = schema["components"]["schemas"]["Error"]
        self.error_validator = OAS30Validator(error)
        self.checked: list[tuple[str, int]] = []

    def check(self, response):
        """Validate the answer against the operation the schema declares for it."""
        request = DjangoOpenAPIRequest(response.wsgi_request)
        try:
            self.openapi.validate_response(request, DjangoOpenAPIResponse(response))
        except OpenAPIError as exc:
            pytest.fail(
                f"{response.wsgi_request.get_full_path()} {response.status_code}: "
                + "; ".join(_reasons(exc))
            )
        self.checked.append((response.wsgi_request.get_full_path(), response.status_code))
        self.keep_real_answer(response)
        return response

    def operation_of(self, request) -> str | None:
        # Fixed paths first: /cases/tombstones/ is not /cases/{id}/.
        paths = sorted(self.schema["paths"].items(), key=lambda item: item[0].count("{"))
        for template, operations in paths:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            if re.match(pattern, request.path) and request.method.lower() in operations:
                return f"{request.method} {template}"
        return None

    def operation_of_path(self, path: str) -> str:
        """Return the schema's path template that `path` is an instance of."""
        paths = sorted(self.schema["paths"], key=lambda template: template.count("{"))
        for template in paths:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            if re.match(pattern, path):
                return template
        raise AssertionError(f"no path of the schema matches {path}")

    def keep_real_answer(self, response) -> None:
        if not response.get("Content-Type", "").startswith("application/json"):
            return
        key = self.operation_of(response.wsgi_request)
        answers = REAL_ANSWERS.setdefault(key, {}) if key else {}
        if key and str(response.status_code) not in answers:
            body = response.json()
            if isinstance(body.get("results"), list):
                body = {**body, "results": body["results"][:1]}
            answers[str(response.status_code)] = body

    def get(self, client, path, params=None, **headers):
        return self.check(client.get(path, params or {}, **headers))

    def list_paths(self) -> list[str]:
        return sorted(
            path
            for path, operations in self.schema["paths"].items()
            if "get" in operations
            and "{" not in path
            and path.endswith("/")
            and not path.endswith("/tombstones/")
        )


def _reasons(exc) -> list[str]:
    """Return where and why a body failed, as readable lines (the first few)."""
    cause = exc.__cause__ or exc
    reasons = []
    for error in getattr(cause, "schema_errors", ()) or ():
        deepest = max([error, *error.context], key=lambda e: len(e.absolute_path))
        reasons.append(f"{list(deepest.absolute_path)}: {deepest.message}")
    return sorted(set(reasons))[:8] or [repr(cause)[:500]]


def walk_list(walk: Walk, client, path: str) -> int:
    """Walk every page of a list (reading each page's first record); return the count."""
    seen = 0
    page = walk.get(client, path, {"page_size": PAGE_SIZE})
    while True:
        assert page.status_code == 200, (path, page.content[:300])
        body = page.json()
        seen += len(body["results"])
        if body["results"] and "id" in body["results"][0]:
            walk.get(client, f"{path}{body['results'][0]['id']}/")
        if not body["next"]:
            return seen
        page = walk.check(client.get(body["next"]))


def test_every_answer_of_every_list_matches_the_served_schema(walk, superuser):
    partner = partner_api_client()
    staff = staff_api_client(superuser)
    since = (timezone.now() - dt.timedelta(days=3650)).isoformat()
    counts = {}
    for who, client in (("partner", partner), ("staff", staff)):
        for path in walk.list_paths():
            counts[who, path] = walk_list(walk, client, path)
        for records in ("cases", "defenders", "hearings", "appeals"):
            walk.get(client, f"/api/v1/{records}/tombstones/", {"since": since})
        csv = walk.get(client, "/api/v1/cases.csv", {"country": "KG"})
        assert csv.status_code == 200
        assert walk.get(client, "/api/v1/hearings.ics", {"country": "KG"}).status_code == 200
    # The walk saw data: every list of the demo has records for staff.
    assert all(counts["staff", path] > 0 for path in walk.list_paths()), counts
    assert counts["partner", "/api/v1/hearings/"] > 0


def test_every_error_and_edge_answer_matches_the_served_schema(walk, superuser):
    partner = partner_api_client()
    expired_key = api_key_create(
        partner=Partner.objects.create(name="Lapsed"),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )[1]
    answers = {
        "no key": walk.get(APIClient(), "/api/v1/cases/"),
        "expired key": walk.get(bearer_client(expired_key), "/api/v1/hearings/"),
        "unknown parameter": walk.get(partner, "/api/v1/defenders/", {"updated_sinc": "x"}),
        "bad since": walk.get(partner, "/api/v1/appeals/tombstones/", {"since": "yesterday"}),
        "bad cursor": walk.get(partner, "/api/v1/hearings/", {"cursor": "nope"}),
        "bad page size": walk.get(partner, "/api/v1/cases/", {"page_size": 501}),
        "no such case": walk.get(partner, "/api/v1/cases/00000000-0000-0000-0000-000000000000/"),
        "a day without a time": walk.get(
            partner, "/api/v1/cases/tombstones/", {"since": "2025-01-01"}
        ),
    }
    assert {name: a.status_code for name, a in answers.items()} == {
        "no key": 401,
        "expired key": 401,
        "unknown parameter": 400,
        "bad since": 400,
        "bad cursor": 400,
        "bad page size": 400,
        "no such case": 404,
        "a day without a time": 400,
    }
    first = walk.get(partner, "/api/v1/cases/", {"page_size": 3})
    again = walk.get(partner, "/api/v1/cases/", {"page_size": 3}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # Addresses that name nothing have no operation: their body is the schema's Error.
    for path in ("/api/v1/nope/", "/api/v1/cases/not-a-uuid/", "/api/v2/cases/"):
        answer = partner.get(path)
        assert answer.status_code == 404
        walk.error_validator.validate(answer.json())
    # A method a path takes not has no operation either: its answer is the schema's reusable
    # MethodNotAllowed response (the Error body, with Allow).
    declared = walk.schema["components"]["responses"]["MethodNotAllowed"]
    assert declared["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    # As staff: a partner's write is refused (403) before its method is looked at.
    staff = staff_api_client(superuser)
    case_id = first.json()["results"][0]["id"]
    for method, path in (
        ("put", f"/api/v1/cases/{case_id}/"),
        ("delete", f"/api/v1/cases/{case_id}/"),
        ("post", "/api/v1/hearings/"),
        ("delete", "/api/v1/cases/tombstones/"),
    ):
        assert method not in walk.schema["paths"][walk.operation_of_path(path)], (method, path)
        answer = getattr(staff, method)(path)
        assert answer.status_code == 405, (method, path, answer.content[:200])
        assert "GET" in answer["Allow"]
        assert set(declared["headers"]) <= set(answer.headers)
        walk.error_validator.validate(answer.json())
        assert answer.json()["code"] == "method_not_allowed"


def _keys(value):
    """Return the shape of a JSON value as its keys, recursively (a list: its first item's)."""
    if isinstance(value, dict):
        return {key: _keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys(value[0])] if value else []
    return None


def test_the_schema_s_examples_are_real_answers_of_today():
    """Runs after the walks above (their answers are in REAL_ANSWERS). With
    UPDATE_API_EXAMPLES=1 it writes them to appeals_site/api/examples.json."""
    assert REAL_ANSWERS, "run with the walks above"
    if os.environ.get("UPDATE_API_EXAMPLES") == "1":
        EXAMPLES_FILE.write_text(
            json.dumps(REAL_ANSWERS, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        real_answers.cache_clear()
    committed = real_answers()
    stale = {
        f"{operation} {code}"
        for operation, answers in committed.items()
        for code, body in answers.items()
        if code in REAL_ANSWERS.get(operation, {})
        and _keys(body) != _keys(REAL_ANSWERS[operation][code])
    }
    assert not stale, f"regenerate with UPDATE_API_EXAMPLES=1: {sorted(stale)}"
    # Every list, success and error, has its example.
    assert {"200", "400", "401"} <= set(committed["GET /api/v1/cases/"])
