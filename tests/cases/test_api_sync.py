"""A partner's nightly mirror: between two syncs cases are created, edited, published, taken
back and deleted; after the second sync the mirror is exactly what the partner may see."""

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from cases.models import Case, Issuer
from cases.services import case_delete, case_set_status, case_touch
from partners.services import partner_create
from tests.factories import CaseFactory, ChargeFactory, DefenderFactory
from tests.new_facts import NOW, SECRET, new_facts_case

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


# --- The new facts reach partners, each kind of record, without a confidential one -----------


@pytest.fixture
def new_facts(editor, time_machine):
    time_machine.move_to(NOW, tick=False)
    return new_facts_case(editor)


def _document(client, facts) -> dict:
    mirror: dict = {}
    sync(client, mirror, None)
    return mirror[str(facts.case.pk)]


def test_partners_pull_proceedings_with_offence_only_joint_and_replaced_charges(
    partner_client, new_facts
):
    [proceeding] = _document(partner_client, new_facts)["proceedings"]

    assert (proceeding["id"], proceeding["kind"], proceeding["name"]) == (
        new_facts.proceeding,
        "criminal",
        "criminal case No. 12345",
    )
    charges = {c["id"]: c for c in proceeding["charges"]}
    joint = charges[new_facts.joint_charge]
    assert (joint["instrument"], joint["article"], joint["offence"], joint["status"]) == (
        "",
        "",
        "membership of an illegal group",
        "decided",
    )
    assert joint["defenders"] == sorted([new_facts.aigerim, new_facts.bolot])
    replaced = charges[new_facts.replaced_charge]
    assert (replaced["status"], replaced["replaced_by"]) == ("replaced", [new_facts.new_charge])


def test_partners_pull_decisions_with_rulings_and_sentences_in_parts(partner_client, new_facts):
    [decision] = _document(partner_client, new_facts)["proceedings"][0]["decisions"]

    assert (decision["date"], decision["court"], decision["instance"]) == (
        "2025-03-10",
        "Leninsky District Court of Osh",
        "first_instance",
    )
    assert decision["charges"] == sorted([new_facts.joint_charge, new_facts.new_charge])
    [ruling] = decision["rulings"]
    assert (ruling["defender"], ruling["outcome"]) == (new_facts.aigerim, "convicted")
    parts = [{k: v for k, v in part.items() if v not in (None, "")} for part in ruling["sentence"]]
    assert parts == [
        {"kind": "imprisonment", "years": 5, "suspension": "suspended", "suspension_years": 2},
        {"kind": "fine", "amount": 50000, "currency": "KGS"},
        {"kind": "activity_ban", "years": 3, "detail": "social activities"},
    ]
    assert [(p["kind"], p["years"]) for p in ruling["requested_sentence"]] == [("imprisonment", 7)]


def test_partners_pull_measures_with_their_uncertain_dates(partner_client, new_facts):
    periods = _document(partner_client, new_facts)["detention_periods"]

    ban, remand = periods
    assert (ban["defender"], ban["kind"], ban["start_date"], ban["start_date_as_printed"]) == (
        new_facts.bolot,
        "travel_ban",
        "2017-07",
        "since July 2017",
    )
    assert (remand["start_date"], remand["start_date_precision"]) == ("2019-03", "month")
    assert (remand["start_date_earliest"], remand["start_date_latest"]) == (
        "2019-03-01",
        "2019-03-31",
    )
    # Counted from the latest day the start can be: a lower bound, and said so.
    defender = next(
        d for d in _document(partner_client, new_facts)["defenders"] if d["id"] == new_facts.aigerim
    )
    assert (defender["detained_since"], defender["days_detained_at_least"]) == ("2019-03", True)
    assert (
        defender["days_detained"]
        == remand["days_held"]
        == (dt.date(2025, 4, 15) - dt.date(2019, 3, 31)).days
    )


def test_partners_pull_other_names_and_affiliations_but_no_confidential_fact(
    partner_client, new_facts
):
    document = _document(partner_client, new_facts)
    aigerim = next(d for d in document["defenders"] if d["id"] == new_facts.aigerim)

    assert [(o["name"], o["kind"]) for o in aigerim["other_names"]] == [
        ("Aigerim Jaksybekova", "spelling"),
        ("Aika", "alias"),
    ]
    assert [(a["role"], a["organisation"], a["period"]) for a in aigerim["affiliations"]] == [
        ("head", "Justice for All", "since 2015"),
        ("lawyer", "Bar of Osh", ""),
    ]
    assert "health_notes" not in aigerim and "internal_notes" not in document
    assert SECRET not in json.dumps(document)


def test_partners_pull_unnamed_groups(partner_client, new_facts):
    [group] = _document(partner_client, new_facts)["unnamed_groups"]

    assert {k: v for k, v in group.items() if k != "id"} == {
        "description": "a dozen other lawyers",
        "count": 12,
        "count_approximate": True,
        "position": 0,
        # Entered with no source appeal: none is recorded.
        "stated_in": None,
        "changed_in": None,
        # What the source did not state of them: blank or null, never a default.
        "count_qualifier": "",
        "city": "",
        "released_on": None,
        "released_on_precision": "day",
        "released_on_earliest": None,
        "released_on_latest": None,
        "released_on_as_printed": "",
        "release_as_printed": "",
    }


def test_partners_pull_each_appeal_with_its_issuer_and_reference_as_printed(
    partner_client, new_facts
):
    appeals = _document(partner_client, new_facts)["appeals"]

    assert [
        (a["issuer"], a["issued_by_organisation"], a["reference"], a["index_number"])
        for a in appeals
    ] == [
        (Issuer.objects.own().name, True, "KGZ 001 /0317 / OBS 012.1", ""),
        ("Candle International", False, "UA 117/21", "EUR 58/4455/2021"),
    ]
    assert appeals[1]["intervention_type"] == "urgent_action"


def test_partners_pull_the_hearing_of_a_proceeding_at_an_unnamed_court(partner_client, new_facts):
    [hearing] = _document(partner_client, new_facts)["hearings"]

    assert (hearing["court"], hearing["purpose"], hearing["local_time"]) == ("", "", None)
    assert hearing["proceeding"] == new_facts.proceeding


def test_a_new_record_of_each_kind_reaches_the_next_sync(
    partner_client, new_facts, editor, time_machine
):
    mirror: dict = {}
    since = sync(partner_client, mirror, None)
    time_machine.move_to(NOW + dt.timedelta(hours=1), tick=False)
    api = APIClient()
    api.force_authenticate(editor)
    url = f"/api/v1/cases/{new_facts.case.pk}/"
    groups = [{"id": g["id"]} for g in api.get(url).json()["unnamed_groups"]]
    response = api.patch(
        url,
        {"unnamed_groups": [*groups, {"description": "three journalists", "count": 3}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    response = api.patch(
        f"/api/v1/defenders/{new_facts.bolot}/",
        {"other_names": [{"name": "Bolot Bekow"}]},
        format="json",
    )
    assert response.status_code == 200, response.content

    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)
    sync(partner_client, mirror, since)

    document = mirror[str(new_facts.case.pk)]
    assert [g["description"] for g in document["unnamed_groups"]] == [
        "a dozen other lawyers",
        "three journalists",
    ]
    bolot = next(d for d in document["defenders"] if d["id"] == new_facts.bolot)
    assert [o["name"] for o in bolot["other_names"]] == ["Bolot Bekow"]
