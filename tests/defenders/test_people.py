"""People as sources name them: other spellings of a defender's name, found wherever names are
searched; several organisations and roles, the first being the one letters name."""

import datetime as dt

import pytest

from cases.models import Case
from cases.references import case_public_path
from cases.services import appeal_issue
from defenders.models import Affiliation, Defender
from tests.api_clients import partner_api_client, staff_api_client
from tests.factories import CaseFactory, DefenderFactory, issuable_appeal

pytestmark = pytest.mark.django_db
# Entered without a source appeal: none recorded (tests/cases/test_provenance.py).
UNSOURCED = {"stated_in": None, "changed_in": None}
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


def published_case(**fields) -> Case:
    """Return a case with an issued appeal, published: on the public site."""
    case = CaseFactory(**fields)
    appeal_issue(appeal=issuable_appeal(case=case), acting_user=None)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT)
    return case


def test_other_names_are_found_by_staff_api_and_public_search(editor, client):
    api = staff_api_client(editor)
    created = api.post(
        "/api/v1/defenders/",
        {
            "full_name": "Aigerim Dzhaksybekova",
            "other_names": [
                {"name": "Aigerim Jaksybekova"},
                {"name": "Aika", "kind": "alias"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["other_names"] == [
        {"name": "Aigerim Jaksybekova", "kind": "spelling", "position": 0, **UNSOURCED},
        {"name": "Aika", "kind": "alias", "position": 1, **UNSOURCED},
    ]
    defender = Defender.objects.get()
    DefenderFactory(full_name="Someone Else")
    case = published_case(title="Kyrgyzstan: a lawyer")
    case.defenders.add(defender)
    published_case(title="Kyrgyzstan: another")

    found = api.get("/api/v1/defenders/", {"q": "jaksybek"}).json()["results"]
    assert [d["full_name"] for d in found] == ["Aigerim Dzhaksybekova"]
    cases = api.get("/api/v1/cases/", {"q": "Jaksybekova"}).json()["results"]
    assert [c["title"] for c in cases] == ["Kyrgyzstan: a lawyer"]
    assert [c["title"] for c in partner_api_client().get(
        "/api/v1/cases/", {"q": "Jaksybekova"}
    ).json()["results"]] == ["Kyrgyzstan: a lawyer"]  # fmt: skip
    body = client.get("/", {"q": "Jaksybekova"}).content.decode()
    assert "Kyrgyzstan: a lawyer" in body and "Kyrgyzstan: another" not in body
    case.refresh_from_db()
    page = client.get(case_public_path(reference=case.reference)).content.decode()
    assert "Also written: Aigerim Jaksybekova, Aika" in page


def test_two_affiliations_are_read_back_and_the_first_is_the_one_letters_name(editor):
    api = staff_api_client(editor)
    defender = DefenderFactory(role="lawyer", organisation="Bar of Osh")
    case = CaseFactory(status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT)
    case.defenders.add(defender)

    changed = api.patch(
        f"/api/v1/defenders/{defender.pk}/",
        {
            "affiliations": [
                {"organisation": "Justice for All", "role": "head", "period": "since 2015"},
                {"organisation": "Bar of Osh", "role": "lawyer"},
            ]
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    expected = [
        {"organisation": "Justice for All", "role": "head", "period": "since 2015", "position": 0},
        {"organisation": "Bar of Osh", "role": "lawyer", "period": "", "position": 1},
    ]
    # No start stated (`since`, defenders/outward.py): null, not a default.
    no_start = {
        "since": None,
        "since_precision": "day",
        "since_earliest": None,
        "since_latest": None,
    }
    expected = [{**affiliation, **UNSOURCED, **no_start} for affiliation in expected]
    assert changed.json()["affiliations"] == expected
    assert (changed.json()["role"], changed.json()["organisation"]) == ("head", "Justice for All")
    [document] = partner_api_client().get("/api/v1/cases/").json()["results"]
    assert document["defenders"][0]["affiliations"] == expected
    assert document["defenders"][0]["role"] == "head"

    # A client that knows only `role` changes the primary affiliation, and no other.
    api.patch(f"/api/v1/defenders/{defender.pk}/", {"role": "chair"}, format="json")
    assert list(
        Affiliation.objects.filter(defender=defender).values_list("role", "organisation")
    ) == [("chair", "Justice for All"), ("lawyer", "Bar of Osh")]
    # Neither organisation nor role: refused, by its path, nothing changed.
    refused = api.patch(
        f"/api/v1/defenders/{defender.pk}/",
        {"affiliations": [{"organisation": "", "role": ""}]},
        format="json",
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["affiliations[0]"]
    assert Affiliation.objects.filter(defender=defender).count() == 2
