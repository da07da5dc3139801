"""References as data: archival appeals recorded with their references as printed (series with
gaps), minting that continues after them and never reuses their numbers, lookups in any
spelling, other issuers' appeals in their own right, and the confirmation a follow-up dated
before its original needs."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Appeal, Case, Issuer, ReferenceCounter
from letters.context import letter_context
from tests.api_clients import partner_api_client
from tests.cases.test_api_exports import csv_rows
from tests.cases.test_api_writes import an_appeal, api_client_for
from tests.factories import AuthorityFactory, CaseFactory, IssuerFactory, issuable_appeal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_settle(settings):
    # The lists give what changed up to a few seconds ago (appeals_site.api.pagination).
    settings.API_SYNC_SETTLE_SECONDS = 0


def _issue(api, case, **body):
    return api.post(f"/api/v1/cases/{case.pk}/appeals/", an_appeal(**body), format="json")


def test_an_archival_series_with_gaps_is_recorded_found_in_any_spelling_and_continued(
    editor, client
):
    api = api_client_for(editor)
    case = CaseFactory(country="KG", status=Case.Status.PUBLISHED, title="Archived series case")
    printed = [
        ("KGZ 001 / 0317 / OBS 012.1", "2017-03-20"),
        ("KGZ 001 / 0317 / OBS 012.04", "2017-06-02"),
        ("KGZ 001 /0317 / OBS 012.7", "2018-01-15"),
    ]
    for reference, date in printed:
        response = _issue(api, case, reference=reference, issue_date=date)
        assert response.status_code == 201, response.json()

    # Read back as printed, gaps and all; the case takes the series' reference and number.
    appeals = api.get("/api/v1/appeals/", {"case": str(case.pk)}).json()["results"]
    assert [(a["reference"], a["sequence"], a["issue_date"]) for a in appeals] == [
        ("KGZ 001 / 0317 / OBS 012.1", 1, "2017-03-20"),
        ("KGZ 001 / 0317 / OBS 012.04", 4, "2017-06-02"),
        ("KGZ 001 /0317 / OBS 012.7", 7, "2018-01-15"),
    ]
    assert {(a["issuer_slug"], a["issued_by_organisation"]) for a in appeals} == {
        (Issuer.objects.own().slug, True)
    }
    case.refresh_from_db()
    assert (case.reference, case.case_number) == ("KGZ 001 / 0317 / OBS 012", 1)

    # A follow-up minted now continues from the highest on record.
    minted = _issue(api, case, issue_date="2025-04-14").json()
    assert (minted["reference"], minted["sequence"]) == ("KGZ 001 / 0317 / OBS 012.8", 8)

    # Minting never hands out a number the archive uses: not case 001 in Kyrgyzstan, not
    # intervention 012 of 2017.
    other_case = CaseFactory(country="KG")
    assert _issue(api, other_case, issue_date="2017-05-02").json()["reference"] == (
        "KGZ 002 / 0517 / OBS 013"
    )
    assert ReferenceCounter.objects.get(scope="intervention:OBS:2017").value == 13

    # `.01` and `.1`, with or without spaces, name one appeal: in the API (appeals, cases),
    # for partners, and in the public search.
    partner = partner_api_client("Partner reading archives")
    for spelling in ("KGZ 001/0317/OBS 012.01", "kgz001/0317/obs012.1"):
        found = api.get("/api/v1/appeals/", {"reference": spelling}).json()["results"]
        assert [a["sequence"] for a in found] == [1]
        for reader in (api, partner):
            cases = reader.get("/api/v1/cases/", {"reference": spelling}).json()["results"]
            assert [c["id"] for c in cases] == [str(case.pk)]
        page = client.get(reverse("public-appeal-list"), {"q": spelling})
        assert "Archived series case" in page.content.decode()
    # A follow-up missing from the archive is not there.
    assert (
        api.get("/api/v1/appeals/", {"reference": "KGZ 001/0317/OBS 012.2"}).json()["results"] == []
    )


def test_an_archival_reference_is_checked_against_the_case_and_the_record(editor):
    api = api_client_for(editor)
    case = CaseFactory(country="KG")
    assert _issue(api, case, reference="KGZ 001 / 0317 / OBS 012.1").status_code == 201

    another_series = _issue(api, case, reference="KGZ 009 / 0317 / OBS 099.2")
    twice = _issue(api, case, reference="KGZ 001/0317/OBS 012.01")
    wrong_number = _issue(api, case, reference="KGZ 001 / 0317 / OBS 012.3", sequence=5)
    unknown_issuer = _issue(api, case, issuer="nobody-we-know")

    assert another_series.status_code == 400
    assert list(another_series.json()["errors"]) == ["reference"]
    case.refresh_from_db()
    assert twice.json()["errors"] == {
        "reference": [
            f"{Issuer.objects.own().name} already has an appeal KGZ 001 / 0317 / OBS 012.1 "
            f"(on {case.reference})."
        ]
    }
    assert wrong_number.json()["errors"] == {
        "sequence": ["The reference KGZ 001 / 0317 / OBS 012.3 is follow-up number 3."]
    }
    assert unknown_issuer.json()["errors"] == {"issuer": ["Unknown issuer: nobody-we-know."]}
    assert case.appeals.count() == 1


def test_another_issuers_urgent_action_is_an_appeal_of_its_own_on_the_case(editor, client):
    api = api_client_for(editor)
    case = CaseFactory(country="KG", status=Case.Status.PUBLISHED)
    own = _issue(api, case, issue_date="2021-05-01").json()
    amnesty = IssuerFactory(name="Amnesty International")
    minister = AuthorityFactory()
    counters = list(ReferenceCounter.objects.values_list("scope", "value"))

    urgent_action = _issue(
        api,
        case,
        issuer=amnesty.slug,
        intervention_type="urgent_action",
        reference="UA 117/21",
        sequence=0,
        index_number="EUR 58/4455/2021",
        url="https://example.org/ua-117-21",
        issue_date="2021-05-03",
        texts=[{"language": "en", "is_original": True, "title": "Lawyer detained in Osh"}],
        actions=[{"language": "en", "position": 1, "text": "Release her;"}],
        authorities=[str(minister.pk)],
    )
    # Its "Further information" repeats the UA's number, is told apart by its follow-up
    # number, and asks for nothing.
    further = _issue(
        api,
        case,
        issuer=amnesty.slug,
        intervention_type="further_information",
        reference="UA 117/21",
        sequence=1,
        issue_date="2021-07-09",
        texts=[{"language": "en", "is_original": True, "title": "Lawyer released on bail"}],
        actions=[],
    )
    # Another issuer may use the same code.
    same_code = _issue(
        api,
        case,
        issuer=IssuerFactory(name="Front Line Defenders").slug,
        reference="UA 117/21",
        texts=[{"language": "en", "is_original": True, "title": "Lawyer detained"}],
    )

    assert [r.status_code for r in (urgent_action, further, same_code)] == [201, 201, 201]
    assert urgent_action.json()["reference"] == "UA 117/21"
    # Nothing of the organisation's numbering moved.
    assert list(ReferenceCounter.objects.values_list("scope", "value")) == counters
    case.refresh_from_db()
    assert case.reference == own["reference"]

    partner = partner_api_client()
    document = partner.get(f"/api/v1/cases/{case.pk}/").json()
    theirs = [a for a in document["appeals"] if not a["issued_by_organisation"]]
    ua = next(a for a in theirs if a["sequence"] == 0 and a["issuer"] == "Amnesty International")
    assert (ua["reference"], ua["intervention_type"], ua["index_number"], ua["url"]) == (
        "UA 117/21",
        "urgent_action",
        "EUR 58/4455/2021",
        "https://example.org/ua-117-21",
    )
    assert ua["texts"][0]["title"] == "Lawyer detained in Osh"
    assert [a["text"] for a in ua["actions"]] == ["Release her;"]
    assert [a["id"] for a in ua["authorities"]] == [str(minister.pk)]
    assert sorted((a["issuer"], a["sequence"]) for a in theirs) == [
        ("Amnesty International", 0),
        ("Amnesty International", 1),
        ("Front Line Defenders", None),
    ]
    assert document["appeals"][0]["reference"] == own["reference"]
    [row] = csv_rows(partner.get("/api/v1/cases.csv", {"reference": "UA 117/21"}))
    assert row["appeals"] == (
        f"{own['reference']} (2021-05-01); UA 117/21 (Amnesty International, 2021-05-03); "
        "UA 117/21 (Amnesty International, 2021-07-09); UA 117/21 (Front Line Defenders, "
        f"{same_code.json()['issue_date']})"
    )

    # Found by its number and by its index number, in any spelling.
    for spelling in ("ua 117 / 21", "EUR58/4455/2021"):
        found = api.get("/api/v1/appeals/", {"reference": spelling, "issuer": amnesty.slug})
        assert {a["sequence"] for a in found.json()["results"]} == (
            {0, 1} if spelling.startswith("ua") else {0}
        )
    # The public page stays the organisation's appeal, and names the other issuer in its
    # history; a letter of the Urgent Action names its true issuer.
    page = client.get(f"/appeals/{case.public_slug}/").content.decode()
    assert "Amnesty International" in page and "UA 117/21" in page
    ua_appeal = Appeal.objects.get(pk=urgent_action.json()["id"])
    context = letter_context(appeal=ua_appeal, authorities=None, language="en", campaigner=None)
    assert (context["issuer"], context["reference"]) == ("Amnesty International", "UA 117/21")


def test_a_follow_up_dated_before_its_original_needs_confirmation(editor, editor_client):
    api = api_client_for(editor)
    case = CaseFactory(country="KG")
    original = _issue(api, case, issue_date="2025-04-14").json()

    refused = _issue(api, case, issue_date="2025-04-01")
    confirmed = _issue(api, case, issue_date="2025-04-01", confirm_date_before_original=True)

    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "issue_date": [
            "This follow-up is dated 2025-04-01, before its original "
            f"{original['reference']} of 2025-04-14. Correct the date, or confirm that it is "
            "right."
        ]
    }
    assert confirmed.status_code == 201
    assert confirmed.json()["sequence"] == 1
    assert case.appeals.count() == 2

    # The admin: the box beside the Issue button.
    draft = issuable_appeal(case=case)
    draft.issue_date = dt.date(2025, 3, 1)
    draft.save()
    issue_url = reverse("admin:cases_appeal_issue", args=[draft.pk])
    editor_client.post(issue_url)
    draft.refresh_from_db()
    assert not draft.is_issued
    editor_client.post(issue_url, {"confirm_date_before_original": "on"})
    draft.refresh_from_db()
    assert (draft.is_issued, draft.sequence) == (True, 2)
