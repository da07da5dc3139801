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
from cases.models import Case, Decision, Ruling, SentencePart, UnnamedGroup
from cases.services import appeal_issue, charge_replace, hearing_save
from defenders.models import Affiliation, OtherName
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
    IssuerFactory,
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


def test_the_schema_marks_the_event_source_and_quotation_confidential(schema):
    # The words of a threat, and whose they are, can endanger whoever reported it.
    assert _confidential(schema, "EventDocument") == {"source_identity", "quotation", "quoted_by"}


# The fields the record of real appeals added (issue 14), by component: each is described.
NEW_FIELDS = {
    "CaseDocument": ["proceedings", "unnamed_groups", "closed_on"],
    "ProceedingDocument": [
        "kind",
        "name",
        "charges",
        "decisions",
        "court",
        "prosecution_appealed",
        "prosecution_appealed_as_printed",
    ],
    "ChargeDocument": ["defenders", "article", "offence", "replaced_by", "ended_on"],
    "DecisionDocument": [
        "court",
        "instance",
        "charges",
        "notes",
        "rulings",
        "appeal_lodged",
        "appeal_lodged_by",
        "appeal_lodged_as_printed",
    ],
    "RulingDocument": [
        "outcome",
        "as_printed",
        "sentence",
        "requested_sentence",
        "charges",
        "outcome_as_printed",
        "unchanged_as_printed",
    ],
    "SentencePartDocument": [
        "kind",
        "charge",
        "years",
        "months",
        "days",
        "suspension",
        "amount",
        "currency",
        "detail",
        "regime",
        "as_printed",
        "term_as_printed",
        "suspension_as_printed",
        "suspension_term_as_printed",
    ],
    "DetentionPeriodDocument": [
        "kind",
        "start_date",
        "start_date_precision",
        "start_date_earliest",
        "start_date_latest",
        "start_date_as_printed",
        "continues_previous",
        "term_until",
        "actual_end",
        "days_held",
    ],
    "UnnamedGroupDocument": [
        "description",
        "count",
        "count_approximate",
        "position",
        "count_qualifier",
        "released_on",
        "release_as_printed",
    ],
    "DefenderDocument": [
        "other_names",
        "affiliations",
        "detained_since",
        "days_detained_at_least",
        "detained_until",
        "phone_as_printed",
        "held_since",
        "held_since_as_printed",
        "work_since",
    ],
    "OtherNameDocument": ["name", "kind"],
    "AffiliationDocument": ["period", "position", "since"],
    "AppealDocument": [
        "reference",
        "sequence",
        "intervention_type_as_printed",
        "issuer",
        "issuer_slug",
        "issued_by_organisation",
        "index_number",
    ],
    "HearingDocument": ["court", "purpose", "proceeding"],
    "EventDocument": [
        "date",
        "unnamed_groups",
        "place",
        "actor",
        "organisation",
        "charges",
        "quotation",
        "quoted_by",
        "reported_to_police",
        "investigation_opened",
    ],
}


def _description(schema, prop: dict) -> str:
    """Return a property's description, or its enum's (a choice is a $ref to an enum)."""
    if prop.get("description"):
        return prop["description"]
    for ref in [prop.get("$ref"), *[p.get("$ref") for p in prop.get("allOf", [])]]:
        if ref:
            return schema["components"]["schemas"][ref.rsplit("/", 1)[1]].get("description", "")
    return ""


def test_the_schema_describes_each_new_field(schema):
    undescribed = [
        f"{component}.{name}"
        for component, names in NEW_FIELDS.items()
        for name in names
        if not _description(schema, schema["components"]["schemas"][component]["properties"][name])
    ]
    assert undescribed == []


def test_the_schema_marks_no_new_record_confidential_but_the_number_as_printed(schema):
    assert {component: _confidential(schema, component) for component in NEW_FIELDS} == {
        component: set() for component in NEW_FIELDS
    } | {
        "CaseDocument": {"internal_notes"},
        "DefenderDocument": {
            "health_notes",
            "family_notes",
            "home_address",
            "phone",
            "phone_as_printed",
            "internal_notes",
        },
        "EventDocument": {"source_identity", "quotation", "quoted_by"},
    }


def test_the_schema_gives_an_uncertain_dates_forms_and_a_charges_optional_article(schema):
    components = schema["components"]["schemas"]
    start = components["DetentionPeriodDocument"]["properties"]["start_date"]
    article = components["ChargeDocument"]["properties"]["article"]
    assert start["type"] == "string"
    assert "2019-03" in start["description"] and "2012-autumn" in start["description"]
    assert article["description"] == "Blank when the source names the offence only."
    assert "article" in components["ChargeDocument"]["required"]
    assert components["SentencePartDocument"]["properties"]["charge"]["nullable"] is True
    # Whether an appeal was lodged, or the prosecution appealed: null when not stated.
    assert components["DecisionDocument"]["properties"]["appeal_lodged"]["nullable"] is True
    assert components["ProceedingDocument"]["properties"]["prosecution_appealed"]["nullable"]


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
    _add_the_new_facts(case, defender, charge)
    return case


def _add_the_new_facts(case, defender, charge):
    """Give the case one record of each kind the record of real appeals added."""
    OtherName.objects.create(defender=defender, name="Aigerim Jaksybekova")
    Affiliation.objects.create(defender=defender, role="lawyer", organisation="Bar", position=1)
    group = UnnamedGroup.objects.create(
        case=case, description="a dozen other lawyers", count=12, count_approximate=True
    )
    case.events.first().unnamed_groups.add(group)
    decision = Decision.objects.create(
        proceeding=charge.proceeding, court="City Court", level="first_instance"
    )
    decision.charges.add(charge)
    ruling = Ruling.objects.create(decision=decision, defender=defender, outcome="convicted")
    SentencePart.objects.create(
        ruling=ruling, kind="imprisonment", years=3, suspension="suspended", suspension_years=2
    )
    SentencePart.objects.create(ruling=ruling, kind="fine", amount=500, currency="KGS")
    SentencePart.objects.create(ruling=ruling, kind="imprisonment", years=7, requested=True)
    DetentionPeriodFactory(
        case=case,
        defender=defender,
        kind="travel_ban",
        start_date=dt.date(2017, 7, 1),
        start_date_latest=dt.date(2017, 7, 31),
        start_date_precision="month",
        start_date_as_printed="since July 2017",
        term_months=None,
    )
    AppealFactory(
        case=case,
        issuer=IssuerFactory(name="Candle International"),
        intervention_type="urgent_action",
        reference="UA 117/21",
        sequence=0,
        index_number="EUR 58/4455/2021",
        issue_date=dt.date(2021, 5, 3),
        issued_at=dt.datetime(2021, 5, 3, tzinfo=dt.UTC),
    )


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
