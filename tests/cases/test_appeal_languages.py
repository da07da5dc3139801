"""An appeal's text and actions may be in any ISO 639-1 language (an archived German appeal);
the public page shows such a text under its own `lang`, and letters stay in the interface
languages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.references import case_public_path
from letters.models import Letter
from tests.api_clients import staff_api_client
from tests.factories import CaseAuthorityFactory, CaseFactory, DefenderFactory

pytestmark = pytest.mark.django_db


def test_a_german_appeal_is_stored_and_shown_but_no_german_letter_is_offered(reviewer, client):
    case = CaseFactory()
    case.defenders.add(DefenderFactory())
    CaseAuthorityFactory(case=case)
    api = staff_api_client(reviewer)

    response = api.post(
        f"/api/v1/cases/{case.pk}/appeals/",
        {
            "texts": [
                {
                    "language": "de",
                    "is_original": True,
                    "title": "Kirgisistan: Willkürliche Inhaftierung",
                    "description": "Das Observatorium wurde informiert.",
                }
            ],
            "actions": [{"language": "de", "position": 1, "text": "Sofort freilassen;"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    appeal = case.appeals.get()
    assert [(t.language, t.is_original) for t in appeal.texts.all()] == [("de", True)]
    assert [(a.language, a.text) for a in appeal.actions.all()] == [("de", "Sofort freilassen;")]
    # A code outside ISO 639-1 is refused, by name.
    refused = api.post(
        f"/api/v1/cases/{case.pk}/appeals/",
        {"texts": [{"language": "xx", "is_original": True, "title": "T"}]},
        format="json",
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["texts[0].language"]

    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )
    case.refresh_from_db()
    body = client.get(case_public_path(reference=case.reference)).content.decode()
    assert '<article class="appeal" lang="de">' in body
    assert "Das Observatorium wurde informiert." in body
    assert 'value="de"' not in body  # the letter's languages: the interface's only

    asked = client.post(
        reverse("appeal-letters", args=[appeal.pk]),
        {"authority": "all", "language": "de"},
        content_type="application/json",
    )
    assert asked.status_code == 400
    assert list(asked.json()["errors"]) == ["language"]
    assert not Letter.objects.filter(language="de").exists()
