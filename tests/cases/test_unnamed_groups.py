"""People a source names only by a count ("and a dozen other lawyers were detained"): on a
case, named by its events, in the case documents partners read."""

import datetime as dt

import pytest

from cases.models import Case, UnnamedGroup
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
A_DOZEN = {"description": "a dozen other lawyers", "count": 12, "count_approximate": True}
# Entered without a source appeal: none recorded (tests/cases/test_provenance.py).
UNSOURCED = {"stated_in": None, "changed_in": None}
# What a source did not state of them (tests/cases/test_event_details.py states them).
NOT_STATED = {
    "count_qualifier": "",
    "city": "",
    "released_on": None,
    "released_on_precision": "day",
    "released_on_earliest": None,
    "released_on_latest": None,
    "released_on_as_printed": "",
    "release_as_printed": "",
}


def test_a_dozen_other_lawyers_on_a_case_and_an_event(reviewer, settings):
    settings.API_SYNC_SETTLE_SECONDS = 0
    api = staff_api_client(reviewer)
    case = CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT)
    url = f"/api/v1/cases/{case.pk}/"

    added = api.patch(url, {"unnamed_groups": [A_DOZEN]}, format="json")
    assert added.status_code == 200, added.content
    group = UnnamedGroup.objects.get()
    assert added.json()["unnamed_groups"] == [
        {"id": str(group.pk), **A_DOZEN, "position": 0, **UNSOURCED, **NOT_STATED}
    ]

    event = {
        "date": "2025-04-10",
        "kind": "arrest",
        "description": "Arrested with a dozen other lawyers.",
        "unnamed_groups": [str(group.pk)],
    }
    linked = api.patch(
        url,
        {"unnamed_groups": [{"id": str(group.pk), **A_DOZEN}], "events": [event]},
        format="json",
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["events"][0]["unnamed_groups"] == [str(group.pk)]
    assert list(case.events.get().unnamed_groups.all()) == [group]

    [document] = partner_api_client().get("/api/v1/cases/").json()["results"]
    assert document["unnamed_groups"] == [
        {"id": str(group.pk), **A_DOZEN, "position": 0, **UNSOURCED, **NOT_STATED}
    ]
    assert document["events"][0]["unnamed_groups"] == [str(group.pk)]

    # "At least" with no count says nothing: refused by its path, nothing changed.
    refused = api.patch(
        url,
        {"unnamed_groups": [{"description": "some lawyers", "count_qualifier": "at_least"}]},
        format="json",
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["unnamed_groups[0]"]
    assert list(UnnamedGroup.objects.values_list("description", flat=True)) == [
        "a dozen other lawyers"
    ]
