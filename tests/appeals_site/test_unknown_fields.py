"""Every write of the API refuses a key it does not know (appeals_site.api.serializers), with a
400 naming it by its path, and changes nothing: a typo must not silently lose data."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from authorities.models import Authority, Embassy
from cases.models import Appeal, Case
from cases.services import appeal_issue
from defenders.models import Defender
from letters.models import Letter
from tests.api_clients import staff_api_client
from tests.factories import (
    AppealAuthorityFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    EmbassyFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db
UNKNOWN = ["Unknown field: nothing was saved. Check its spelling against the schema."]


def _errors(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def test_case_writes_refuse_unknown_fields_at_every_depth(reviewer):
    client = staff_api_client(reviewer)
    defender = DefenderFactory()
    case = CaseFactory(title="As it was")
    case.defenders.add(defender)

    created = client.post(
        "/api/v1/cases/", {"country": "KG", "title": "New", "refrence": "KGZ 1"}, format="json"
    )
    assert _errors(created) == {"refrence": UNKNOWN}
    changed = client.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "title": "Changed",
            "events": [
                {"date": "2025-04-14", "kind": "arrest", "description": "Arrested."},
                {"date": "2025-04-15", "kind": "arrest", "description": "", "sieved": "x"},
            ],
        },
        format="json",
    )
    assert _errors(changed) == {"events[1].sieved": UNKNOWN}
    issued = client.post(
        f"/api/v1/cases/{case.pk}/appeals/",
        {"texts": [{"language": "en", "title": "T", "backgroud": "…"}]},
        format="json",
    )
    assert _errors(issued) == {"texts[0].backgroud": UNKNOWN}

    assert Case.objects.get() == case
    assert Case.objects.get().title == "As it was"
    assert not case.events.exists()
    assert not Appeal.objects.exists()


def test_directory_and_defender_writes_refuse_unknown_fields(editor):
    client = staff_api_client(editor)
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova", role="lawyer")
    authority = AuthorityFactory(post="Prosecutor General")
    embassy = EmbassyFactory(name="Embassy")

    assert _errors(
        client.patch(f"/api/v1/defenders/{defender.pk}/", {"role": "judge", "organization": "NGO"})
    ) == {"organization": UNKNOWN}
    assert _errors(
        client.post(
            "/api/v1/authorities/",
            {
                "post": "President",
                "country": "KG",
                "contacts": [{"kind": "fax", "value": "+996 312 62 50 12", "note": "old"}],
            },
            format="json",
        )
    ) == {"contacts": {"0": {"note": UNKNOWN}}}
    assert _errors(
        client.patch(f"/api/v1/embassies/{embassy.pk}/", {"name": "New", "fax_number": "1"})
    ) == {"fax_number": UNKNOWN}
    # What the client read back may be sent back: known read-only fields are ignored.
    read = client.get(f"/api/v1/defenders/{defender.pk}/").json()
    assert client.put(f"/api/v1/defenders/{defender.pk}/", read, format="json").status_code == 200

    defender.refresh_from_db()
    assert defender.role == "lawyer"
    assert list(Authority.objects.all()) == [authority]
    assert Embassy.objects.get().name == "Embassy"
    assert Defender.objects.count() == 1


def test_a_letter_request_refuses_unknown_fields():
    case = CaseFactory()
    appeal = issuable_appeal(case=case)
    AppealAuthorityFactory(appeal=appeal, position=0, authority=AuthorityFactory())
    appeal = appeal_issue(appeal=appeal, acting_user=None)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )
    response = APIClient().post(
        reverse("appeal-letters", args=[appeal.pk]),
        {"authority": "all", "language": "en", "signature": "J."},
        format="json",
    )
    assert _errors(response) == {"signature": UNKNOWN}
    assert not Letter.objects.exists()
