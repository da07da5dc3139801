"""No side channels (issue #13): what the public, partners and unassigned staff cannot read
must not show through search, filters, timestamps, caches or unthrottled lookups."""

import csv
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.dates import local_today
from cases.models import Case
from cases.services import appeal_issue
from partners.services import partner_create
from tests.factories import AppealTextFactory, CaseFactory, issuable_appeal

pytestmark = pytest.mark.django_db

DRAFT_WORD = "Zaryadovskaya"


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.fixture
def partner_client():
    _partner, raw = partner_create(name="Partner network")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def public_case_with_a_draft(title: str = "Kyrgyzstan: published") -> Case:
    """Return a published case with an issued appeal and a draft follow-up whose title holds
    DRAFT_WORD, a word found nowhere else."""
    case = CaseFactory(title=title)
    appeal_issue(appeal=issuable_appeal(case=case), acting_user=None, issue_date=local_today("UTC"))
    draft = issuable_appeal(case=case)
    draft.texts.update(title=f"Kyrgyzstan: new information on {DRAFT_WORD}")
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )
    return case


# --- 1. Search covers published texts only ----------------------------------------------------


def test_public_search_does_not_match_a_draft_appeals_title(client):
    public_case_with_a_draft()

    body = client.get("/", {"q": DRAFT_WORD}).content.decode()

    assert "Kyrgyzstan: published" not in body


def test_public_search_matches_an_issued_appeals_title(client):
    case = public_case_with_a_draft()
    AppealTextFactory(
        appeal=case.appeals.get(reference__isnull=False),
        language="fr",
        is_original=False,
        title="Kirghizistan : Tolkunbekovna",
    )

    body = client.get("/", {"q": "Tolkunbekovna"}).content.decode()

    assert "Kyrgyzstan: published" in body


def test_partner_search_does_not_match_a_draft_appeals_title(partner_client):
    public_case_with_a_draft()

    results = partner_client.get("/api/v1/cases/", {"q": DRAFT_WORD}).json()["results"]

    assert results == []


def test_partner_csv_search_does_not_match_a_draft_appeals_title(partner_client):
    public_case_with_a_draft()

    response = partner_client.get("/api/v1/cases.csv", {"q": DRAFT_WORD})

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(text))) == []


def test_staff_search_still_matches_a_draft_appeals_title(viewer_client):
    case = public_case_with_a_draft()

    results = viewer_client.get("/api/v1/cases/", {"q": DRAFT_WORD}).json()["results"]

    assert [c["id"] for c in results] == [str(case.pk)]
