"""No side channels (issue #13): what the public, partners and unassigned staff cannot read
must not show through search, filters, timestamps, caches or unthrottled lookups."""

import csv
import datetime as dt
import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.dates import local_today
from cases.models import Case
from cases.references import case_public_path
from cases.services import appeal_compose, appeal_issue, case_update
from defenders.models import AreaOfWork, Defender
from defenders.services import defender_update
from partners.services import partner_create
from public import views as public_views
from tests.factories import (
    AppealFactory,
    AppealTextFactory,
    CaseFactory,
    DefenderFactory,
    EmbassyFactory,
    issuable_appeal,
)

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
    case.refresh_from_db()
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


# --- 2. Admin filters list only what the person may see ------------------------------------------


@pytest.fixture
def restricted_in_tajikistan(editor):
    """An open case in Kyrgyzstan, and a restricted one (with an appeal) in Tajikistan, the
    only case there, assigned to `editor`."""
    CaseFactory(country="KG")
    case = CaseFactory(country="TJ", time_zone="Asia/Dushanbe", is_restricted=True)
    case.assigned_staff.add(editor)
    AppealFactory(case=case)
    return case


@pytest.mark.parametrize(
    ("changelist", "parameter"),
    [
        ("admin:cases_case_changelist", "country"),
        ("admin:cases_appeal_changelist", "case__country"),
    ],
)
def test_the_country_filter_leaves_out_countries_of_restricted_cases_only(
    restricted_in_tajikistan, viewer_client, changelist, parameter
):
    body = viewer_client.get(reverse(changelist)).content.decode()

    assert f"?{parameter}=TJ" not in body
    assert "Tajikistan" not in body


def test_assigned_staff_find_the_country_of_their_restricted_case_in_the_filter(
    restricted_in_tajikistan, editor_client
):
    body = editor_client.get(reverse("admin:cases_case_changelist")).content.decode()

    assert "?country=TJ" in body
    assert "?country=KG" in body


# --- 4. The public list's cache key holds only the allowed parameters, normalised ----------------


class KeyRecordingCache:
    """The cache, recording the keys set through it."""

    def __init__(self, cache):
        self.cache = cache
        self.keys: set[str] = set()

    def get(self, key, *args, **kwargs):
        return self.cache.get(key, *args, **kwargs)

    def set(self, key, *args, **kwargs):
        self.keys.add(key)
        return self.cache.set(key, *args, **kwargs)


@pytest.fixture
def list_cache(monkeypatch):
    recording = KeyRecordingCache(public_views.cache)
    monkeypatch.setattr(public_views, "cache", recording)
    return recording


def list_keys(recording) -> set[str]:
    return {k for k in recording.keys if k.startswith("public:list:")}


def test_free_text_searches_add_no_cache_entry(client, list_cache):
    public_case_with_a_draft()

    for number in range(40):
        assert client.get("/", {"q": f"word{number}"}).status_code == 200

    assert list_keys(list_cache) == set()


def test_spellings_of_one_filter_share_one_cache_entry(client, list_cache):
    public_case_with_a_draft()
    spellings = [
        "/?country=KG&state=open",
        "/?state=open&country=KG",
        "/?country=kg&state=OPEN",
        "/?country=%20KG%20&state=open&utm_source=mail",
        "/?country=KG&state=open&page=1&nonce=81723",
        "/?country=KG&state=open&page=999999",
        "/?country=KG&state=open&page=abc",
    ]

    bodies = [client.get(path).content.decode() for path in spellings]

    assert all("Kyrgyzstan: published" in body for body in bodies)
    assert len(list_keys(list_cache)) == 1


def test_a_filter_value_not_offered_is_cached_as_the_unfiltered_list(client, list_cache):
    public_case_with_a_draft()

    for code in ("XX", "YY", "ZZ"):
        client.get("/", {"country": code, "violation": f"no-such-{code}"})
    client.get("/")

    assert len(list_keys(list_cache)) == 1


# --- 5. The embassy lookup is throttled -----------------------------------------------------------


def embassy_lookup(client, case, host_country="BE"):
    return client.get(case_public_path(reference=case.reference), {"host_country": host_country})


def test_embassy_lookups_over_the_rate_answer_429_with_a_clear_message(client, settings):
    settings.EMBASSY_THROTTLE = "2/minute"
    case = public_case_with_a_draft()
    EmbassyFactory()

    answers = [embassy_lookup(client, case, host) for host in ("BE", "NO", "BE")]

    assert [a.status_code for a in answers] == [200, 200, 429]
    body = answers[2].content.decode()
    assert "Too many embassy lookups from your address. Please wait a minute and try again." in body
    assert "Embassy of the Kyrgyz Republic in Belgium" not in body
    assert int(answers[2]["Retry-After"]) > 0
    # The page itself still answers: only the lookup is refused.
    assert client.get(case_public_path(reference=case.reference)).status_code == 200


def test_the_embassy_throttle_counts_per_client_address(client, settings):
    settings.EMBASSY_THROTTLE = "1/minute"
    case = public_case_with_a_draft()

    assert embassy_lookup(client, case).status_code == 200
    assert embassy_lookup(client, case).status_code == 429
    other = client.get(
        case_public_path(reference=case.reference),
        {"host_country": "BE"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other.status_code == 200


def test_the_embassy_throttle_can_be_off(client, settings):
    settings.EMBASSY_THROTTLE = "off"
    case = public_case_with_a_draft()

    assert {embassy_lookup(client, case).status_code for _ in range(5)} == {200}


# --- 3. A change to confidential fields alone changes nothing a partner can observe --------------


def partner_sees(partner_client, case) -> tuple[dict, str]:
    """Return the partner's document of `case` and its ETag."""
    response = partner_client.get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    return response.json(), response["ETag"]


def partner_sees_defender(partner_client, defender) -> tuple[dict, str]:
    """Return the partner's document of `defender` (/api/v1/defenders/) and its ETag."""
    response = partner_client.get(f"/api/v1/defenders/{defender.pk}/")
    assert response.status_code == 200
    return response.json(), response["ETag"]


def partner_sync_since(partner_client, since: str, *, path: str = "/api/v1/cases/") -> list[str]:
    response = partner_client.get(path, {"updated_since": since})
    assert response.status_code == 200
    return [c["id"] for c in response.json()["results"]]


def a_published_case_with_a_defender() -> tuple[Case, Defender]:
    case = public_case_with_a_draft()
    defender = DefenderFactory(health_notes="Needs insulin.")
    case_update(case=case, data={"defenders": [defender.pk]}, acting_user=None)
    an_event_edited(Case.objects.get(pk=case.pk))  # an event on record, to edit later
    return case, defender


def an_event_edited(case, **changes) -> None:
    """Record an event on the case (if it has none), then save it again with `changes`."""
    fields = {
        "date": dt.date(2026, 1, 10),
        "kind": "arrest",
        "description": "Arrested at home.",
        "source_identity": "",
    }
    event = case.events.first()
    if event is None:
        case_update(case=case, data={"events": [fields]}, acting_user=None)
        return
    case_update(
        case=case, data={"events": [{**fields, "id": event.pk, **changes}]}, acting_user=None
    )


def _after_a_tick(partner_client) -> str:
    until = partner_client.get("/api/v1/cases/").json()["until"]
    time.sleep(0.01)  # the next change's time is strictly later than `until`
    return until


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda case, defender: case_update(
                case=case, data={"internal_notes": "Source: the cousin."}, acting_user=None
            ),
            id="case-internal-notes",
        ),
        pytest.param(
            lambda case, defender: appeal_compose(
                appeal=case.appeals.get(reference__isnull=True),
                acting_user=None,
                texts=[{"language": "en", "is_original": True, "title": "Redrafted title"}],
            ),
            id="draft-appeal-text",
        ),
        pytest.param(
            lambda case, defender: defender_update(
                defender=defender,
                acting_user=None,
                health_notes="Heart condition.",
                home_address="12 Hidden Street",
                phone="+996700111222",
            ),
            id="defender-health-address-phone",
        ),
        pytest.param(
            lambda case, defender: an_event_edited(case, source_identity="The neighbour."),
            id="event-source-identity",
        ),
    ],
)
def test_a_change_partners_cannot_read_leaves_what_they_observe(partner_client, change):
    case, defender = a_published_case_with_a_defender()
    document, etag = partner_sees(partner_client, case)
    defender_document = partner_sees_defender(partner_client, defender)
    since = _after_a_tick(partner_client)
    staff_updated_at = Case.objects.get(pk=case.pk).updated_at

    change(Case.objects.get(pk=case.pk), Defender.objects.get(pk=defender.pk))

    assert Case.objects.get(pk=case.pk).updated_at > staff_updated_at  # staff see the change
    assert partner_sees(partner_client, case) == (document, etag)
    assert partner_sync_since(partner_client, since) == []
    # The defender's own document, ETag and sync position stay as they were too.
    assert partner_sees_defender(partner_client, defender) == defender_document
    assert partner_sync_since(partner_client, since, path="/api/v1/defenders/") == []
    csv_rows = partner_client.get("/api/v1/cases.csv").streaming_content
    assert document["updated_at"][:19] in b"".join(csv_rows).decode("utf-8-sig").replace(" ", "T")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda case, defender: case_update(
                case=case, data={"summary": "Arrested again."}, acting_user=None
            ),
            id="case-summary",
        ),
        pytest.param(
            lambda case, defender: case_update(
                case=case,
                data={"internal_notes": "Now public.", "disclosed_fields": ["internal_notes"]},
                acting_user=None,
            ),
            id="case-disclosed-field",
        ),
        pytest.param(
            lambda case, defender: defender_update(
                defender=defender, acting_user=None, situation="released"
            ),
            id="defender-situation",
        ),
        pytest.param(
            lambda case, defender: defender_update(
                defender=defender, acting_user=None, disclosed_fields=["health_notes"]
            ),
            id="defender-disclosed-health",
        ),
        pytest.param(
            lambda case, defender: an_event_edited(case, description="Arrested at work."),
            id="event-description",
        ),
    ],
)
def test_a_change_partners_read_moves_their_document_and_sync(partner_client, change):
    case, defender = a_published_case_with_a_defender()
    document, etag = partner_sees(partner_client, case)
    since = _after_a_tick(partner_client)

    change(Case.objects.get(pk=case.pk), Defender.objects.get(pk=defender.pk))

    changed, changed_etag = partner_sees(partner_client, case)
    assert changed["updated_at"] > document["updated_at"]
    assert changed_etag != etag
    assert partner_sync_since(partner_client, since) == [str(case.pk)]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda defender: defender_update(
                defender=defender, acting_user=None, situation="released"
            ),
            id="situation",
        ),
        pytest.param(
            lambda defender: defender_update(
                defender=defender, acting_user=None, disclosed_fields=["health_notes"]
            ),
            id="disclosed-health",
        ),
        pytest.param(
            lambda defender: defender_update(
                defender=defender,
                acting_user=None,
                areas_of_work=[AreaOfWork.objects.create(name="Water rights advocacy")],
            ),
            id="areas-of-work",
        ),
    ],
)
def test_a_change_partners_read_moves_the_defenders_document_and_sync(partner_client, change):
    _case, defender = a_published_case_with_a_defender()
    document, etag = partner_sees_defender(partner_client, defender)
    since = _after_a_tick(partner_client)

    change(Defender.objects.get(pk=defender.pk))

    changed, changed_etag = partner_sees_defender(partner_client, defender)
    assert changed["updated_at"] > document["updated_at"]
    assert changed_etag != etag
    assert partner_sync_since(partner_client, since, path="/api/v1/defenders/") == [
        str(defender.pk)
    ]


def test_staff_defender_sync_still_sees_a_confidential_change(viewer_client, partner_client):
    _case, defender = a_published_case_with_a_defender()
    since = _after_a_tick(partner_client)

    defender_update(defender=defender, acting_user=None, health_notes="Heart condition.")

    response = viewer_client.get("/api/v1/defenders/", {"updated_since": since})
    assert [d["id"] for d in response.json()["results"]] == [str(defender.pk)]


def test_staff_sync_still_sees_a_confidential_change(viewer_client, partner_client):
    case, _defender = a_published_case_with_a_defender()
    since = _after_a_tick(partner_client)

    case_update(case=case, data={"internal_notes": "Source: the cousin."}, acting_user=None)

    results = viewer_client.get("/api/v1/cases/", {"updated_since": since}).json()["results"]
    assert [c["id"] for c in results] == [str(case.pk)]
