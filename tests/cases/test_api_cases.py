"""The case API's read side: who sees what, whole cases in a constant number of queries,
incremental sync with cursors and tombstones."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import Case
from cases.services import case_delete, case_set_status
from partners.services import api_key_create, api_key_revoke, partner_create
from tests.factories import (
    AppealFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db
CANARY = "CANARY-7f3a-confidential"
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.fixture
def partner_client():
    _partner, raw = partner_create(name="Partner network")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def published_case(**kwargs):
    return CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT, **kwargs)


def a_full_case():
    case = published_case()
    defender = DefenderFactory(
        health_notes=CANARY, family_notes=CANARY, home_address=CANARY, internal_notes=CANARY
    )
    case.defenders.add(defender)
    ChargeFactory(case=case, defender=defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=dt.date(2025, 3, 28))
    HearingFactory(case=case)
    EventFactory(case=case, source_identity=CANARY)
    Case.objects.filter(pk=case.pk).update(internal_notes=CANARY)
    return case


def test_anonymous_requests_get_401_with_a_bearer_challenge():
    response = APIClient().get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_key_gets_401():
    partner, _raw = partner_create(name="P")
    key, raw = api_key_create(partner=partner)
    api_key_revoke(key=key)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/cases/").status_code == 401


def test_partner_sees_published_and_closed_cases_only(partner_client):
    published = published_case()
    closed = CaseFactory(status=Case.Status.CLOSED, published_at=PUBLISHED_AT)
    CaseFactory(status=Case.Status.DRAFT)
    CaseFactory(status=Case.Status.IN_REVIEW)
    CaseFactory(status=Case.Status.CLOSED)  # closed without ever being published

    ids = {c["id"] for c in partner_client.get("/api/v1/cases/").json()["results"]}

    assert ids == {str(published.pk), str(closed.pk)}


def test_partner_cannot_open_a_draft_case(partner_client):
    draft = CaseFactory()
    assert partner_client.get(f"/api/v1/cases/{draft.pk}/").status_code == 404


def test_partner_never_sees_a_confidential_field(partner_client):
    case = a_full_case()

    detail = partner_client.get(f"/api/v1/cases/{case.pk}/")
    listing = partner_client.get("/api/v1/cases/")

    assert detail.status_code == listing.status_code == 200
    assert CANARY not in detail.content.decode()
    assert CANARY not in listing.content.decode()
    defender = detail.json()["defenders"][0]
    assert "health_notes" not in defender
    assert "internal_notes" not in detail.json()


def test_partner_sees_a_confidential_fact_staff_disclosed(partner_client):
    case = published_case()
    defender = DefenderFactory(
        health_notes="needs constant medical care", disclosed_fields=["health_notes"]
    )
    case.defenders.add(defender)

    document = partner_client.get(f"/api/v1/cases/{case.pk}/").json()

    assert document["defenders"][0]["health_notes"] == "needs constant medical care"
    assert "disclosed_fields" not in document["defenders"][0]


def test_staff_see_confidential_fields(admin_client_):
    case = a_full_case()
    document = admin_client_.get(f"/api/v1/cases/{case.pk}/").json()
    assert document["defenders"][0]["health_notes"] == CANARY
    assert document["events"][0]["source_identity"] == CANARY


def test_partner_sees_issued_appeals_but_not_drafts(partner_client, reviewer):
    from cases.services import appeal_issue

    case = published_case()
    issued = appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    AppealFactory(case=case)

    appeals = partner_client.get(f"/api/v1/cases/{case.pk}/").json()["appeals"]

    assert [a["reference"] for a in appeals] == [issued.reference]
    assert appeals[0]["actions"][0]["text"]


def test_a_second_read_shows_what_changed_since_the_first(partner_client, reviewer):
    # The nested lists a partner's documents are built from are made once per process
    # (cases.api.documents._case_lists): the data they read must not be.
    from cases.services import appeal_issue

    case = published_case()
    first = partner_client.get(f"/api/v1/cases/{case.pk}/").json()
    issued = appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    charge = ChargeFactory(case=case, stated_in=issued)

    second = partner_client.get(f"/api/v1/cases/{case.pk}/").json()

    assert (first["appeals"], first["proceedings"]) == ([], [])
    assert [a["reference"] for a in second["appeals"]] == [issued.reference]
    charges = second["proceedings"][0]["charges"]
    assert [(c["id"], c["stated_in"]) for c in charges] == [
        (str(charge.pk), {"id": str(issued.pk), "reference": issued.reference})
    ]


def test_whole_case_has_days_detained_counted_in_the_case_time_zone(partner_client, time_machine):
    time_machine.move_to(dt.datetime(2025, 4, 14, 20, 0, tzinfo=dt.UTC), tick=False)
    case = published_case(time_zone="Asia/Bishkek")
    defender = DefenderFactory()
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=dt.date(2025, 3, 28))

    document = partner_client.get(f"/api/v1/cases/{case.pk}/").json()

    # 20:00 UTC is already 15 April in Bishkek.
    assert document["defenders"][0]["detained_since"] == "2025-03-28"
    assert document["defenders"][0]["days_detained"] == 18
    assert document["detention_periods"][0]["days_held"] == 18


def _queries_for_page(client, size):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/cases/?page_size={size}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == size
    return len(ctx.captured_queries)


def test_a_page_takes_the_same_queries_for_2_and_12_whole_cases(partner_client):
    for _ in range(12):
        a_full_case()
    partner_client.get("/api/v1/cases/?page_size=1")  # the key's last-used time is written once

    assert _queries_for_page(partner_client, 2) == _queries_for_page(partner_client, 12) <= 10


def test_nested_lists_come_in_order_as_the_database_sorts_them(partner_client):
    case = published_case()
    # Entered in the reverse of their order: names by code point (capitals, then small
    # letters, then accented), whatever the server's collation; hearings by their start.
    for name in ("Émile Roux", "zoe Park", "adam Diaz", "Zara Ali"):
        case.defenders.add(DefenderFactory(full_name=name))
    for day in (20, 10, 1):
        HearingFactory(case=case, local_date=dt.date(2025, 6, day))

    document = partner_client.get(f"/api/v1/cases/{case.pk}/").json()

    names = [d["full_name"] for d in document["defenders"]]
    assert names == ["Zara Ali", "adam Diaz", "zoe Park", "Émile Roux"]
    assert [h["local_date"] for h in document["hearings"]] == [
        "2025-06-01",
        "2025-06-10",
        "2025-06-20",
    ]


def test_paging_while_staff_edit_misses_nothing_and_repeats_nothing(partner_client, time_machine):
    time_machine.move_to(dt.datetime(2025, 5, 1, 12, 0, tzinfo=dt.UTC))
    cases = [published_case() for _ in range(5)]

    first = partner_client.get("/api/v1/cases/?page_size=2").json()
    seen = [c["id"] for c in first["results"]]
    # Staff edit one case already served and one not yet served.
    for case in (Case.objects.get(pk=seen[0]), cases[-1]):
        case.title += " (updated)"
        case.save()
    url = first["next"]
    while url:
        page = partner_client.get(url).json()
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    again = partner_client.get("/api/v1/cases/", {"updated_since": first["until"]}).json()

    assert len(seen) == len(set(seen))
    assert set(seen) | {c["id"] for c in again["results"]} == {str(c.pk) for c in cases}
    assert {c["id"] for c in again["results"]} == {seen[0], str(cases[-1].pk)}


def test_tombstones_list_cases_that_left_publication(partner_client, reviewer):
    kept = published_case()
    withdrawn = published_case()
    deleted = published_case()
    deleted_id = str(deleted.pk)
    since = dt.datetime.now(dt.UTC)

    case_set_status(case=withdrawn, status=Case.Status.DRAFT, acting_user=reviewer)
    case_delete(case=deleted, acting_user=reviewer)

    response = partner_client.get("/api/v1/cases/tombstones/", {"since": since.isoformat()})
    gone = {(t["case_id"], t["reason"]) for t in response.json()["results"]}
    assert gone == {(str(withdrawn.pk), "unpublished"), (deleted_id, "deleted")}
    assert str(kept.pk) not in response.content.decode()


def test_bad_parameters_are_400_naming_the_field(partner_client):
    for query, field in [
        ("page_size=900", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
        ("country=XX", "country"),
        ("updated_since=yesterday", "updated_since"),
    ]:
        response = partner_client.get(f"/api/v1/cases/?{query}")
        assert response.status_code == 400, query
        assert list(response.json()["errors"]) == [field], query


def test_etag_answers_304_when_nothing_changed(partner_client):
    case = published_case()
    first = partner_client.get(f"/api/v1/cases/{case.pk}/")
    second = partner_client.get(f"/api/v1/cases/{case.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 304


def test_filters_by_country_and_reference_spelling(partner_client, reviewer):
    from cases.services import appeal_issue

    kg = published_case(country="KG")
    published_case(country="CO", time_zone="America/Bogota")
    appeal = appeal_issue(appeal=issuable_appeal(kg), acting_user=reviewer)
    spelled = appeal.reference.replace(" / ", "/") + ".0"

    by_country = partner_client.get("/api/v1/cases/?country=KG").json()["results"]
    by_reference = partner_client.get("/api/v1/cases/", {"reference": spelled.removesuffix(".0")})

    assert [c["id"] for c in by_country] == [str(kg.pk)]
    assert [c["id"] for c in by_reference.json()["results"]] == [str(kg.pk)]


def test_full_text_search_finds_a_defender_by_name(partner_client):
    case = published_case()
    case.defenders.add(DefenderFactory(full_name="Aigerim Dzhaksybekova"))
    published_case()

    results = partner_client.get("/api/v1/cases/?q=Dzhaksybekova").json()["results"]

    assert [c["id"] for c in results] == [str(case.pk)]


def test_a_partner_key_is_throttled_per_key(settings, partner_client):
    settings.API_THROTTLE_PARTNER = "2/minute"
    statuses = [partner_client.get("/api/v1/cases/").status_code for _ in range(3)]
    _other, raw = partner_create(name="Another partner")
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert statuses == [200, 200, 429]
    assert other.get("/api/v1/cases/").status_code == 200


def test_throttling_can_be_turned_off(settings, partner_client):
    settings.API_THROTTLE_PARTNER = "off"
    assert {partner_client.get("/api/v1/cases/").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize(
    "since",
    [
        "1763-12-17T17:21:41+18:07",  # an offset no place uses
        "0001-01-01T00:00:00+05:00",  # before the first representable instant in UTC
        "2025-04-14T00:00:00",  # no offset
    ],
)
def test_absurd_dates_are_400_naming_the_field(partner_client, since):
    listing = partner_client.get("/api/v1/cases/", {"updated_since": since})
    tombstones = partner_client.get("/api/v1/cases/tombstones/", {"since": since})

    assert (listing.status_code, list(listing.json()["errors"])) == (400, ["updated_since"])
    assert (tombstones.status_code, list(tombstones.json()["errors"])) == (400, ["since"])


def test_answers_vary_with_the_credentials(partner_client):
    vary = partner_client.get("/api/v1/cases/")["Vary"]
    assert {"Authorization", "Cookie"} <= {part.strip() for part in vary.split(",")}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_is_served_again_on_a_new_database_connection(partner_client):
    # The page's statement is prepared once per connection: a new one must prepare it again.
    published_case()
    first = partner_client.get("/api/v1/cases/")
    connection.close()

    again = partner_client.get("/api/v1/cases/")

    assert again.status_code == 200
    assert again.json()["results"] == first.json()["results"] != []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_is_served_again_when_its_prepared_statement_was_discarded(partner_client):
    # DISCARD ALL (a pooler resetting a connection) drops the page's statement: prepared again.
    published_case()
    first = partner_client.get("/api/v1/cases/")
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")

    again = partner_client.get("/api/v1/cases/")

    assert again.status_code == 200
    assert again.json()["results"] == first.json()["results"] != []


@pytest.mark.django_db
def test_behind_a_transaction_pooler_a_page_prepares_nothing(partner_client, monkeypatch):
    # Django's setting for PgBouncer in transaction mode: a statement prepared on one server
    # connection would be executed on another.
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    case = published_case()

    with CaptureQueriesContext(connection) as queries:
        response = partner_client.get("/api/v1/cases/")

    assert response.status_code == 200
    assert [document["id"] for document in response.json()["results"]] == [str(case.pk)]
    assert not [q for q in queries.captured_queries if "PREPARE" in q["sql"].upper()[:20]]
