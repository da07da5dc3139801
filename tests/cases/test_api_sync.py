"""A partner's nightly mirror: between two syncs cases are created, edited, published, taken
back and deleted; after the second sync the mirror is exactly what the partner may see."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from cases.models import Case
from cases.services import case_delete, case_set_status, case_touch
from partners.services import partner_create
from tests.factories import CaseFactory, ChargeFactory, DefenderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.fixture
def partner_client():
    _partner, raw = partner_create(name="Mirror")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def sync(client, mirror: dict, since: str | None) -> str:
    """Bring `mirror` (case id → document) up to date; return the next sync's `since`."""
    if since is not None:
        gone = client.get("/api/v1/cases/tombstones/", {"since": since}).json()["results"]
        for tombstone in gone:
            mirror.pop(tombstone["case_id"], None)
    params = {"page_size": 2}
    if since is not None:
        params["updated_since"] = since
    page = client.get("/api/v1/cases/", params).json()
    until = page["until"]
    while True:
        for document in page["results"]:
            mirror[document["id"]] = document
        if not page["next"]:
            return until
        page = client.get(page["next"]).json()


def what_partner_may_see(client) -> dict:
    everything = {}
    sync(client, everything, None)
    return everything


def test_the_mirror_ends_identical_to_what_the_partner_may_see(
    partner_client, reviewer, time_machine
):
    time_machine.move_to(dt.datetime(2025, 6, 1, 8, 0, tzinfo=dt.UTC))

    def publish(case):
        return case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=reviewer)

    kept, edited, withdrawn, deleted, closed = (publish(CaseFactory()) for _ in range(5))
    draft = CaseFactory()
    mirror: dict = {}
    since = sync(partner_client, mirror, None)
    assert set(mirror) == {str(c.pk) for c in (kept, edited, withdrawn, deleted, closed)}

    # The day's work.
    time_machine.move_to(dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC))
    created = publish(CaseFactory(title="Created today"))
    edited.title = "Edited today"
    edited.save()
    defender = DefenderFactory()
    edited.defenders.add(defender)
    ChargeFactory(case=edited, defender=defender)
    case_touch(case_id=edited.pk)
    case_set_status(case=withdrawn, status=Case.Status.IN_REVIEW, acting_user=reviewer)
    deleted_id = str(deleted.pk)
    case_delete(case=deleted, acting_user=reviewer)
    case_set_status(case=closed, status=Case.Status.CLOSED, acting_user=reviewer)
    publish(draft)
    # A case taken back and published again in the same day stays.
    case_set_status(case=kept, status=Case.Status.DRAFT, acting_user=reviewer)
    publish(kept)

    time_machine.move_to(dt.datetime(2025, 6, 2, 2, 0, tzinfo=dt.UTC))
    sync(partner_client, mirror, since)

    assert mirror == what_partner_may_see(partner_client)
    assert set(mirror) == {str(c.pk) for c in (kept, edited, closed, created, draft)}
    assert deleted_id not in mirror and str(withdrawn.pk) not in mirror
    assert mirror[str(edited.pk)]["title"] == "Edited today"
    assert len(mirror[str(edited.pk)]["proceedings"][0]["charges"]) == 1


def test_a_followup_issued_on_a_published_case_reaches_the_next_sync(partner_client, reviewer):
    from cases.services import appeal_issue
    from tests.factories import issuable_appeal

    case = case_set_status(case=CaseFactory(), status=Case.Status.PUBLISHED, acting_user=reviewer)
    appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    mirror: dict = {}
    since = sync(partner_client, mirror, None)

    followup = appeal_issue(appeal=issuable_appeal(case), acting_user=reviewer)
    sync(partner_client, mirror, since)

    references = [a["reference"] for a in mirror[str(case.pk)]["appeals"]]
    assert followup.reference in references
