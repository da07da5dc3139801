"""Staff writes through the case API: a case with its records in one request, the same rules
as the admin, errors named by their path in the request, and appeals issued in one request."""

import datetime as dt
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from cases.models import Appeal, Case, Charge, DetentionPeriod, Hearing
from partners.services import api_key_create, partner_create
from tests.factories import (
    ActionClauseFactory,
    AuthorityFactory,
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    ExternalReferenceFactory,
    HearingFactory,
)

pytestmark = pytest.mark.django_db


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def editor_api(editor):
    return api_client_for(editor)


@pytest.fixture
def reviewer_api(reviewer):
    return api_client_for(reviewer)


def a_new_case(defender, authorities=()) -> dict:
    return {
        "country": "KG",
        "time_zone": "Asia/Bishkek",
        "title": "Kyrgyzstan: Arbitrary detention of a lawyer",
        "summary": "A lawyer was arrested in Osh.",
        "internal_notes": "Her sister is our contact.",
        "violations": ["arbitrary-detention", "judicial-harassment"],
        "defenders": [str(defender.pk)],
        "target_authorities": [str(a.pk) for a in authorities],
        "proceedings": [
            {
                "kind": "criminal",
                "charges": [
                    {
                        "defenders": [str(defender.pk)],
                        "instrument": "Criminal Code",
                        "article": "341",
                        "offence": "dissemination of false information",
                    }
                ],
            }
        ],
        "detention_periods": [
            {
                "defender": str(defender.pk),
                "kind": "pre_trial_detention",
                "start_date": "2025-03-28",
                "term_months": 2,
                "extensions": [{"ordered_on": "2025-05-20", "term_months": 2}],
            }
        ],
        "hearings": [
            {
                "court": "Leninsky District Court of Osh",
                "local_date": "2025-04-22",
                "local_time": "14:00",
                "time_zone": "Asia/Bishkek",
                "purpose": "detention_extension",
                "defenders": [str(defender.pk)],
            }
        ],
        "events": [
            {
                "date": "2025-03-27",
                "kind": "arrest",
                "description": "She was arrested at her office.",
                "source_identity": "a colleague",
                "defenders": [str(defender.pk)],
            }
        ],
        "external_references": [{"issuer": "Amnesty International", "reference": "UA 12/25"}],
    }


# --- Create -----------------------------------------------------------------------------------


def test_staff_create_a_case_with_its_records_in_one_request(editor_api):
    defender = DefenderFactory()
    authorities = [AuthorityFactory(), AuthorityFactory()]

    response = editor_api.post("/api/v1/cases/", a_new_case(defender, authorities[::-1]))

    assert response.status_code == 201, response.json()
    document = response.json()
    case = Case.objects.get(pk=document["id"])
    assert response["Location"] == f"http://testserver/api/v1/cases/{case.pk}/"
    assert document["internal_notes"] == "Her sister is our contact."
    assert document["violations"] == ["arbitrary-detention", "judicial-harassment"]
    assert [a["id"] for a in document["target_authorities"]] == [
        str(authorities[1].pk),
        str(authorities[0].pk),
    ]
    assert document["proceedings"][0]["charges"][0]["article"] == "341"
    assert document["events"][0]["source_identity"] == "a colleague"
    assert document["events"][0]["defenders"] == [str(defender.pk)]
    assert document["external_references"][0]["reference"] == "UA 12/25"


def test_created_hearing_starts_at_is_computed_from_the_court_local_time(editor_api):
    defender = DefenderFactory()

    document = editor_api.post("/api/v1/cases/", a_new_case(defender)).json()

    # 14:00 in Bishkek (UTC+6) is 08:00 UTC.
    assert document["hearings"][0]["starts_at"] == "2025-04-22T08:00:00+00:00"


def test_created_detention_term_counts_its_extensions(editor_api):
    document = editor_api.post("/api/v1/cases/", a_new_case(DefenderFactory())).json()

    period = document["detention_periods"][0]
    # Two months from 28 March, then two more.
    assert period["term_ends_on"] == "2025-07-28"
    assert DetentionPeriod.objects.get(pk=period["id"]).term_ends_on == dt.date(2025, 7, 28)


def test_a_created_case_is_a_draft(editor_api):
    document = editor_api.post("/api/v1/cases/", a_new_case(DefenderFactory())).json()
    assert document["status"] == "draft"


def test_an_editor_cannot_create_a_published_case(editor_api):
    data = {**a_new_case(DefenderFactory()), "status": "published"}

    response = editor_api.post("/api/v1/cases/", data)

    assert response.status_code == 403
    assert response.json()["detail"] == "Only reviewers may publish a case or take it back."
    assert Case.objects.count() == 0


def test_a_viewer_cannot_create_a_case(viewer):
    response = api_client_for(viewer).post("/api/v1/cases/", a_new_case(DefenderFactory()))
    assert response.status_code == 403


def test_a_partner_cannot_create_a_case():
    _partner, raw = partner_create(name="Partner network")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = client.post("/api/v1/cases/", a_new_case(DefenderFactory()))

    assert response.status_code == 403


def test_staff_key_can_create_a_case(editor):
    _key, raw = api_key_create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = client.post("/api/v1/cases/", a_new_case(DefenderFactory()))

    assert response.status_code == 201


# --- Errors: named by their path, nothing half-written --------------------------------------


def test_a_blank_article_is_400_named_by_its_path_and_nothing_is_written(editor_api):
    data = a_new_case(DefenderFactory())
    charges = data["proceedings"][0]["charges"]
    charges.append({**charges[0], "article": "", "offence": ""})

    response = editor_api.post("/api/v1/cases/", data)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].charges[1]": ["Give the article or the offence (or both)."]
    }
    assert Case.objects.count() == 0
    assert Charge.objects.count() == 0


def test_a_malformed_request_is_400_named_by_its_path(editor_api):
    data = a_new_case(DefenderFactory())
    data["hearings"][0]["local_date"] = "22 April"
    data["defenders"] = ["not-an-id"]

    errors = editor_api.post("/api/v1/cases/", data).json()["errors"]

    assert set(errors) == {"hearings[0].local_date", "defenders[0]"}
    assert errors["defenders[0]"] == ["Must be a valid UUID."]


def test_a_hearing_at_a_time_the_clocks_skip_is_400(editor_api):
    data = a_new_case(DefenderFactory())
    data["hearings"][0].update(
        local_date="2025-03-30", local_time="02:30", time_zone="Europe/Brussels"
    )

    response = editor_api.post("/api/v1/cases/", data)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "hearings[0].local_time": [
            "02:30:00 does not exist on 2025-03-30 in Europe/Brussels: the clocks move forward."
        ]
    }
    assert Hearing.objects.count() == 0


def test_an_extension_in_days_and_months_is_400_named_by_the_extension(editor_api):
    data = a_new_case(DefenderFactory())
    data["detention_periods"][0]["extensions"][0]["term_days"] = 10

    response = editor_api.post("/api/v1/cases/", data)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "detention_periods[0].extensions[0]": [
            "Give the extension in days, in months or by the date it runs to: one of them, or "
            "none when its length is not known."
        ]
    }


def test_a_charge_against_someone_outside_the_case_is_400(editor_api):
    data = a_new_case(DefenderFactory())
    stranger = DefenderFactory()
    data["proceedings"][0]["charges"][0]["defenders"] = [str(stranger.pk)]

    errors = editor_api.post("/api/v1/cases/", data).json()["errors"]

    assert errors == {
        "proceedings[0].charges[0].defenders": [f"Not a defender of this case: {stranger.pk}."]
    }


def test_an_unknown_violation_label_is_400(editor_api):
    data = {**a_new_case(DefenderFactory()), "violations": ["no-such-label"]}

    errors = editor_api.post("/api/v1/cases/", data).json()["errors"]

    assert errors == {"violations": ["Unknown violation label: no-such-label."]}


def test_an_unknown_time_zone_is_400(editor_api):
    data = {**a_new_case(DefenderFactory()), "time_zone": "Mars/Olympus"}

    errors = editor_api.post("/api/v1/cases/", data).json()["errors"]

    assert errors == {
        "time_zone": ["Mars/Olympus is not an IANA time zone name such as Asia/Bishkek."]
    }


# --- Update -----------------------------------------------------------------------------------


def test_patch_changes_only_the_fields_given(editor_api):
    case = CaseFactory(summary="Before.")
    ChargeFactory(case=case)

    response = editor_api.patch(f"/api/v1/cases/{case.pk}/", {"title": "New title"})

    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.title, case.summary) == ("New title", "Before.")
    assert case.charges.count() == 1


def test_patch_a_list_updates_named_records_creates_new_ones_and_deletes_the_rest(editor_api):
    case = CaseFactory()
    defender = DefenderFactory()
    case.defenders.add(defender)
    kept = ChargeFactory(case=case, defender=defender, article="341")
    dropped = ChargeFactory(case=case, defender=defender, article="212")
    new = {"defenders": [str(defender.pk)], "instrument": "Code", "article": "30.1"}
    charges = [{"id": str(kept.pk), "status": "dropped"}, new]

    response = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {"proceedings": [{"id": str(kept.proceeding_id), "charges": charges}]},
    )

    assert response.status_code == 200, response.json()
    charges = {c.article: c for c in case.charges.all()}
    assert set(charges) == {"341", "30.1"}
    assert charges["341"].pk == kept.pk
    assert charges["341"].status == "dropped"
    assert not Charge.objects.filter(pk=dropped.pk).exists()


def test_patch_a_record_of_another_case_is_400(editor_api):
    case = CaseFactory()
    proceeding = ChargeFactory(case=case).proceeding
    elsewhere = ChargeFactory()

    response = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "proceedings": [
                {"id": str(proceeding.pk), "charges": [{"id": str(elsewhere.pk), "article": "1"}]}
            ]
        },
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].charges[0].id": [f"No such record here: {elsewhere.pk}."]
    }


def test_patch_moving_a_hearing_keeps_the_move(editor_api):
    case = CaseFactory()
    hearing = HearingFactory(case=case)

    document = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "hearings": [
                {
                    "id": str(hearing.pk),
                    "court": hearing.court,
                    "local_date": "2025-04-29",
                    "time_zone": hearing.time_zone,
                    "purpose": hearing.purpose,
                    "move_reason": "The judge is ill.",
                }
            ]
        },
    ).json()

    moves = document["hearings"][0]["moves"]
    assert [(m["from_date"], m["to_date"], m["reason"]) for m in moves] == [
        ("2025-04-22", "2025-04-29", "The judge is ill.")
    ]


def test_patch_extensions_replaces_them_and_refreshes_the_term(editor_api):
    case = CaseFactory()
    period = DetentionPeriodFactory(case=case, start_date=dt.date(2025, 3, 28), term_months=2)
    case.defenders.add(period.defender)
    DetentionExtensionFactory(period=period, term_months=2)

    document = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "detention_periods": [
                {
                    "id": str(period.pk),
                    "defender": str(period.defender_id),
                    "kind": period.kind,
                    "start_date": "2025-03-28",
                    "term_months": 2,
                    "extensions": [{"ordered_on": "2025-05-20", "term_months": 1}],
                }
            ]
        },
    ).json()

    assert document["detention_periods"][0]["term_ends_on"] == "2025-06-28"
    assert period.extensions.count() == 1


def test_patch_target_authorities_keeps_the_order_given(editor_api):
    case = CaseFactory()
    first, second = CaseAuthorityFactory(case=case), CaseAuthorityFactory(case=case)

    document = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {"target_authorities": [str(second.authority_id), str(first.authority_id)]},
    ).json()

    assert [a["id"] for a in document["target_authorities"]] == [
        str(second.authority_id),
        str(first.authority_id),
    ]


def test_patch_an_empty_list_deletes_those_records(editor_api):
    case = CaseFactory()
    ExternalReferenceFactory(case=case)

    editor_api.patch(f"/api/v1/cases/{case.pk}/", {"external_references": []})

    assert case.external_references.count() == 0


def test_a_reviewer_publishes_through_patch(reviewer_api):
    case = CaseFactory()

    response = reviewer_api.patch(f"/api/v1/cases/{case.pk}/", {"status": "published"})

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert response.json()["published_at"] is not None


def test_an_editor_cannot_publish_through_patch(editor_api):
    case = CaseFactory()

    response = editor_api.patch(f"/api/v1/cases/{case.pk}/", {"status": "published"})

    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "code": "permission_denied",
        "detail": "Only reviewers may publish a case or take it back.",
    }
    case.refresh_from_db()
    assert case.status == "draft"


def test_a_failed_patch_writes_nothing(editor_api):
    case = CaseFactory(title="Before")
    charge = ChargeFactory(case=case)

    response = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "title": "After",
            "proceedings": [],
            "external_references": [{"issuer": "", "reference": "x"}],
        },
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "external_references[0].issuer": ["This field cannot be blank."]
    }
    case.refresh_from_db()
    assert case.title == "Before"
    assert Charge.objects.filter(pk=charge.pk).exists()


def test_patching_an_unknown_case_is_404(editor_api):
    response = editor_api.patch("/api/v1/cases/9d0c52b4-0000-4000-8000-000000000000/", {})
    assert response.status_code == 404


# --- Appeals ----------------------------------------------------------------------------------


def an_appeal(**overrides) -> dict:
    return {
        "texts": [
            {
                "language": "en",
                "is_original": True,
                "title": "Kyrgyzstan: Arbitrary detention of a lawyer",
                "description": "The Observatory has been informed …",
            }
        ],
        "actions": [{"language": "en", "position": 1, "text": "Release her immediately;"}],
        **overrides,
    }


def test_staff_issue_an_appeal_and_get_its_reference(editor_api):
    case = CaseFactory(country="KG")

    response = editor_api.post(
        f"/api/v1/cases/{case.pk}/appeals/", an_appeal(issue_date="2025-04-14")
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "KGZ 001 / 0425 / OBS 001"
    assert body["sequence"] == 0
    assert body["intervention_type"] == "urgent_appeal"
    assert body["case"] == str(case.pk)
    assert Appeal.objects.get(pk=body["id"]).texts.get().title.startswith("Kyrgyzstan")


def test_an_issued_appeal_is_addressed_to_the_case_target_authorities_by_default(editor_api):
    case = CaseFactory()
    links = [CaseAuthorityFactory(case=case), CaseAuthorityFactory(case=case)]

    body = editor_api.post(f"/api/v1/cases/{case.pk}/appeals/", an_appeal()).json()

    addressed = Appeal.objects.get(pk=body["id"]).appeal_authorities.order_by("position")
    assert [a.authority_id for a in addressed] == [link.authority_id for link in links]


def test_an_action_from_a_standard_clause_gets_its_text(editor_api):
    case = CaseFactory()
    case.defenders.add(DefenderFactory(full_name="Aigerim Dzhaksybekova"))
    clause = ActionClauseFactory()

    body = editor_api.post(
        f"/api/v1/cases/{case.pk}/appeals/",
        an_appeal(actions=[{"language": "en", "position": 1, "clause": clause.pk}]),
    ).json()

    action = Appeal.objects.get(pk=body["id"]).actions.get()
    assert action.text == "Immediately release Aigerim Dzhaksybekova;"


def test_an_appeal_without_actions_is_400_naming_actions(editor_api):
    case = CaseFactory()

    response = editor_api.post(f"/api/v1/cases/{case.pk}/appeals/", an_appeal(actions=[]))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "actions": ["Give at least one action in the original language."]
    }
    assert Appeal.objects.count() == 0


def test_an_action_without_text_or_clause_is_400_named_by_its_path(editor_api):
    case = CaseFactory()

    response = editor_api.post(
        f"/api/v1/cases/{case.pk}/appeals/",
        an_appeal(actions=[{"language": "en", "position": 1}]),
    )

    assert response.json()["errors"] == {
        "actions[0]": ["Write the action or pick a standard action."]
    }


def test_a_viewer_cannot_issue_an_appeal(viewer):
    case = CaseFactory()
    response = api_client_for(viewer).post(f"/api/v1/cases/{case.pk}/appeals/", an_appeal())
    assert response.status_code == 403


def test_a_partner_cannot_issue_an_appeal():
    case = CaseFactory(status=Case.Status.PUBLISHED)
    _partner, raw = partner_create(name="Partner network")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = client.post(f"/api/v1/cases/{case.pk}/appeals/", an_appeal())

    assert response.status_code == 403


def _issue_through_the_api(case_ids, raw_key):
    """POST an appeal on each case from its own thread and client, all at one moment."""
    barrier = threading.Barrier(len(case_ids))
    responses, errors = [], []

    def work(case_id):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
        try:
            barrier.wait(timeout=10)
            responses.append(client.post(f"/api/v1/cases/{case_id}/appeals/", an_appeal()))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(case_id,)) for case_id in case_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.slow
def test_concurrent_appeals_through_the_api_get_distinct_references(editor):
    cases = [CaseFactory(country="KG") for _ in range(6)]
    followed = CaseFactory(country="KG")
    _key, raw = api_key_create(user=editor)
    first = api_client_for(editor).post(f"/api/v1/cases/{followed.pk}/appeals/", an_appeal())

    responses, errors = _issue_through_the_api([c.pk for c in cases] + [followed.pk] * 3, raw)

    assert errors == []
    assert [r.status_code for r in responses] == [201] * 9
    references = [r.json()["reference"] for r in responses] + [first.json()["reference"]]
    assert len(set(references)) == 10
    assert Appeal.objects.filter(reference__isnull=False).count() == 10
