"""/api/v1/appeals/ and /api/v1/hearings/: who sees which, filters, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.models import Case
from cases.services import appeal_issue, hearing_save
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import (
    AppealAuthorityFactory,
    AppealFactory,
    CaseFactory,
    DefenderFactory,
    HearingFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db
APPEALS = "/api/v1/appeals/"
HEARINGS = "/api/v1/hearings/"
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


def published_case(**kwargs) -> Case:
    return CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT, **kwargs)


def ids(response) -> list[str]:
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [APPEALS, HEARINGS])
def test_anonymous_gets_401(url):
    assert APIClient().get(url).status_code == 401


@pytest.mark.parametrize("url", [APPEALS, HEARINGS])
def test_partner_reads_but_cannot_post(url):
    client = partner_api_client()
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("url", [APPEALS, HEARINGS])
def test_viewer_reads_but_cannot_post(viewer, url):
    client = staff_api_client(viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("url", [APPEALS, HEARINGS])
def test_these_resources_are_read_only_even_for_editors(editor, url):
    # Appeals are issued with POST /api/v1/cases/{id}/appeals/; hearings are written with
    # their case.
    assert staff_api_client(editor).post(url, {}).status_code == 405


# --- Appeals --------------------------------------------------------------------------------


def test_partner_sees_issued_appeals_of_public_cases_only(reviewer):
    case = published_case()
    issued = appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    AppealFactory(case=case)  # a draft
    appeal_issue(appeal=issuable_appeal(CaseFactory()), acting_user=reviewer)  # draft case

    assert ids(partner_api_client().get(APPEALS)) == [str(issued.pk)]


def test_partner_cannot_open_a_draft_appeal():
    draft = AppealFactory(case=published_case())
    assert partner_api_client().get(f"{APPEALS}{draft.pk}/").status_code == 404


def test_staff_see_drafts_and_can_filter_them_out(viewer, reviewer):
    case = CaseFactory()
    issued = appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    draft = AppealFactory(case=case)
    client = staff_api_client(viewer)

    assert set(ids(client.get(APPEALS))) == {str(issued.pk), str(draft.pk)}
    assert ids(client.get(APPEALS, {"issued": "true"})) == [str(issued.pk)]


def test_an_appeal_carries_texts_actions_and_addressed_authorities(reviewer):
    appeal = issuable_appeal(published_case())
    link = AppealAuthorityFactory(appeal=appeal)
    appeal = appeal_issue(appeal=appeal, acting_user=reviewer)

    document = partner_api_client().get(f"{APPEALS}{appeal.pk}/").json()

    assert document["reference"] == appeal.reference
    assert document["texts"][0]["title"] == "Kyrgyzstan: Arbitrary detention"
    assert document["actions"][0]["position"] == 1
    assert document["authorities"] == [
        {"id": str(link.authority_id), "name": str(link.authority), "position": link.position}
    ]


def _queries(client, url: str, size: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": size})
    assert len(response.json()["results"]) == size
    return len(ctx.captured_queries)


def test_an_appeal_page_takes_the_same_queries_for_2_and_10(reviewer):
    for _ in range(10):
        appeal = issuable_appeal(published_case())
        AppealAuthorityFactory(appeal=appeal)
        appeal_issue(appeal=appeal, acting_user=reviewer)
    client = partner_api_client()
    client.get(APPEALS, {"page_size": 1})

    assert _queries(client, APPEALS, 2) == _queries(client, APPEALS, 10)


# --- Hearings -------------------------------------------------------------------------------


def test_partner_sees_hearings_of_public_cases_only():
    public = HearingFactory(case=published_case())
    HearingFactory(case=CaseFactory())

    assert ids(partner_api_client().get(HEARINGS)) == [str(public.pk)]


def test_a_hearing_gives_the_courts_local_time_and_utc():
    hearing = HearingFactory(
        case=published_case(), local_date=dt.date(2025, 4, 22), local_time=dt.time(14, 0)
    )

    document = partner_api_client().get(f"{HEARINGS}{hearing.pk}/").json()

    assert document["time_zone"] == "Asia/Bishkek"
    assert document["local_starts_at"] == "2025-04-22T14:00:00+06:00"
    assert document["starts_at"] == "2025-04-22T08:00:00Z"
    assert document["country"] == "KG"


def test_hearings_filter_by_country_and_date_range():
    in_range = HearingFactory(case=published_case(), local_date=dt.date(2025, 5, 10))
    HearingFactory(case=published_case(), local_date=dt.date(2025, 6, 10))
    HearingFactory(
        case=published_case(country="CO", time_zone="America/Bogota"),
        local_date=dt.date(2025, 5, 10),
        time_zone="America/Bogota",
    )

    response = partner_api_client().get(
        HEARINGS, {"country": "KG", "date_from": "2025-05-01", "date_to": "2025-05-31"}
    )

    assert ids(response) == [str(in_range.pk)]


def test_a_hearing_counts_its_moves(editor):
    hearing = HearingFactory(case=published_case())
    hearing.local_date = dt.date(2025, 5, 6)
    hearing_save(hearing=hearing, acting_user=editor, move_reason="judge ill")

    assert partner_api_client().get(f"{HEARINGS}{hearing.pk}/").json()["moves"] == 1


def test_a_hearing_page_takes_the_same_queries_for_2_and_10():
    for _ in range(10):
        hearing = HearingFactory(case=published_case())
        hearing.defenders.add(DefenderFactory())
    client = partner_api_client()
    client.get(HEARINGS, {"page_size": 1})

    assert _queries(client, HEARINGS, 2) == _queries(client, HEARINGS, 10)
