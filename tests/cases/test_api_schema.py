"""The OpenAPI description of the case endpoints: it is valid, it marks every confidential
field, and real responses (partner and staff, list and detail) validate against it."""

import datetime as dt

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient

from cases.api.views import CaseViewSet
from cases.models import Case
from cases.services import appeal_issue, charge_replace, hearing_save
from partners.services import partner_create
from tests.factories import (
    AppealAuthorityFactory,
    AppealFactory,
    AreaOfWorkFactory,
    AuthorityContactFactory,
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    EventFactory,
    ExternalReferenceFactory,
    HearingFactory,
    ViolationLabelFactory,
    issuable_appeal,
)


def case_schema() -> dict:
    """Return the schema of the case endpoints alone, checking they raise no warning."""
    router = SimpleRouter()
    router.register("cases", CaseViewSet, basename="case")
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))]).get_schema(
        request=None, public=True
    )
    assert not GENERATOR_STATS, (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache)
    return schema


@pytest.fixture(scope="module")
def schema():
    return case_schema()


def test_the_whole_api_schema_is_valid_openapi():
    validate_schema(SchemaGenerator().get_schema(request=None, public=True))


def test_the_case_endpoints_generate_without_warnings(schema):
    validate_schema(schema)
    assert set(schema["paths"]) == {
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{id}/appeals/",
        "/api/v1/cases/{id}/as-described-in/{appeal_id}/",
        "/api/v1/cases/tombstones/",
    }


def _confidential(schema, component: str) -> set[str]:
    properties = schema["components"]["schemas"][component]["properties"]
    return {name for name, prop in properties.items() if prop.get("x-confidential")}


def test_the_schema_marks_defenders_confidential_fields(schema):
    assert _confidential(schema, "DefenderDocument") == {
        "health_notes",
        "family_notes",
        "home_address",
        "phone",
        "phone_as_printed",
        "internal_notes",
    }


def test_the_schema_marks_the_case_internal_notes_confidential(schema):
    assert _confidential(schema, "CaseDocument") == {"internal_notes"}
    assert _confidential(schema, "CaseWriteRequest") == {"internal_notes"}


def test_the_schema_marks_the_event_source_confidential(schema):
    assert _confidential(schema, "EventDocument") == {"source_identity"}


def test_the_list_takes_filters_page_size_and_cursor(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert {"page_size", "cursor", "country", "status", "updated_since", "q"} <= names


# --- Real responses against the schema ------------------------------------------------------


def _json_schema(node):
    """Return an OpenAPI 3.0 schema as JSON Schema: `nullable` as a null type, and objects
    closed (additionalProperties: false) so that a key the schema does not describe fails."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
        if "type" in node:
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    return node


def _validator(schema, url: str, method: str = "get", status: str = "200"):
    response = schema["paths"][url][method]["responses"][status]["content"]["application/json"]
    document = {
        **_json_schema(response["schema"]),
        "components": _json_schema(schema["components"]),
    }
    return Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(validator, body) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


@pytest.fixture
def full_case(db, reviewer):
    """A published case with every kind of record, an issued and a draft appeal, and a
    disclosed confidential fact."""
    case = CaseFactory(
        status=Case.Status.PUBLISHED,
        published_at=dt.datetime(2025, 4, 14, tzinfo=dt.UTC),
        internal_notes="staff only",
    )
    case.violations.add(ViolationLabelFactory(name="Arbitrary detention"))
    defender = DefenderFactory(
        local_name="Айгерим",
        health_notes="needs constant medical care",
        family_notes="two children",
        phone="+996555123456",
        disclosed_fields=["health_notes"],
    )
    defender.areas_of_work.add(AreaOfWorkFactory(name="Land rights"))
    case.defenders.add(defender, DefenderFactory())
    charge = ChargeFactory(case=case, defender=defender)
    charge_replace(
        charge=charge,
        acting_user=reviewer,
        instrument="Criminal Code",
        article="212.2",
        offence="incitement",
    )
    ChargeFactory(case=case, defender=defender, date_brought=None)
    period = DetentionPeriodFactory(case=case, defender=defender)
    DetentionExtensionFactory(period=period)
    DetentionPeriodFactory(
        case=case, defender=defender, start_date=dt.date(2025, 1, 1), actual_end=dt.date(2025, 1, 2)
    )
    hearing = HearingFactory(case=case, local_time=None)
    hearing.defenders.add(defender)
    hearing.local_date = dt.date(2025, 4, 29)
    hearing.local_time = dt.time(10, 30)
    hearing_save(hearing=hearing, acting_user=reviewer, move_reason="The judge is ill.")
    event = EventFactory(case=case, source_identity="a neighbour", seized_items="laptops")
    event.defenders.add(defender)
    EventFactory(case=case, source_identity="disclosed", disclosed_fields=["source_identity"])
    for link in (CaseAuthorityFactory(case=case), CaseAuthorityFactory(case=case)):
        AuthorityContactFactory(authority=link.authority)
    ExternalReferenceFactory(case=case, date=dt.date(2014, 6, 2), url="https://example.org/ua")
    ExternalReferenceFactory(case=case)
    appeal = issuable_appeal(case)
    AppealAuthorityFactory(appeal=appeal)
    appeal.violations.add(*case.violations.all())
    appeal_issue(appeal=appeal, acting_user=reviewer)
    AppealFactory(case=case)  # a draft: staff see it, with a null reference
    return case


@pytest.fixture
def partner_api(db):
    _partner, raw = partner_create(name="Partner network")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def staff_api(reviewer):
    client = APIClient()
    client.force_authenticate(reviewer)
    return client


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.mark.parametrize("who", ["partner_api", "staff_api"])
def test_a_case_detail_matches_the_schema(schema, full_case, who, request):
    body = request.getfixturevalue(who).get(f"/api/v1/cases/{full_case.pk}/").json()

    assert _errors(_validator(schema, "/api/v1/cases/{id}/"), body) == []


@pytest.mark.parametrize("who", ["partner_api", "staff_api"])
def test_a_case_list_matches_the_schema(schema, full_case, who, request):
    body = request.getfixturevalue(who).get("/api/v1/cases/?page_size=1").json()

    assert len(body["results"]) == 1
    assert _errors(_validator(schema, "/api/v1/cases/"), body) == []


def test_the_staff_document_carries_every_key_the_schema_describes(schema, full_case, staff_api):
    document = staff_api.get(f"/api/v1/cases/{full_case.pk}/").json()
    described = schema["components"]["schemas"]["CaseDocument"]["properties"]
    defender = schema["components"]["schemas"]["DefenderDocument"]["properties"]

    assert set(document) == set(described)
    assert set(document["defenders"][0]) == set(defender)


def test_tombstones_match_the_schema(schema, partner_api, reviewer, full_case):
    from cases.services import case_set_status

    case_set_status(case=full_case, status=Case.Status.DRAFT, acting_user=reviewer)
    body = partner_api.get("/api/v1/cases/tombstones/").json()

    assert len(body["results"]) == 1
    assert _errors(_validator(schema, "/api/v1/cases/tombstones/"), body) == []


def test_a_write_error_matches_the_error_schema(schema, staff_api):
    body = staff_api.post("/api/v1/cases/", {"country": "KG", "title": ""}).json()

    assert body["errors"] == {"title": ["This field cannot be blank."]}
    assert _errors(_validator(schema, "/api/v1/cases/", "post", "400"), body) == []


def test_an_issued_appeal_matches_the_schema(schema, staff_api, db):
    case = CaseFactory()
    body = staff_api.post(
        f"/api/v1/cases/{case.pk}/appeals/",
        {
            "texts": [{"language": "en", "is_original": True, "title": "Kyrgyzstan: …"}],
            "actions": [{"language": "en", "position": 1, "text": "Release them;"}],
        },
    ).json()

    assert _errors(_validator(schema, "/api/v1/cases/{id}/appeals/", "post", "201"), body) == []


def test_the_whole_schema_generates_without_a_warning():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
