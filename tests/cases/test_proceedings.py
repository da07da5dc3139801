"""Proceedings as real appeals tell them, through the staff API: a charge naming the offence
only, a joint charge, two charges replaced by three, decisions per defender with sentences in
parts (imposed and requested), and a hearing at a court nobody named."""

import pytest
from rest_framework.test import APIClient

from cases.models import Charge, Decision, Hearing, Proceeding, Ruling, SentencePart
from tests.factories import CaseFactory, DefenderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def _patch(api, case, data, status=200):
    response = api.patch(f"/api/v1/cases/{case.pk}/", data, format="json")
    assert response.status_code == status, response.content
    return response.json()


def _case_of(*defenders):
    case = CaseFactory()
    case.defenders.set(defenders)
    return case


def _charge(defenders, **fields):
    return {"defenders": [str(d.pk) for d in defenders], **fields}


def test_charges_in_a_proceeding_offence_only_joint_and_two_replaced_by_three(editor_api):
    first, second = DefenderFactory(full_name="A Alieva"), DefenderFactory(full_name="B Bekov")
    case = _case_of(first, second)
    document = _patch(
        editor_api,
        case,
        {
            "proceedings": [
                {
                    "kind": "criminal",
                    "name": "criminal case No. 12345",
                    "charges": [
                        # The source names the offence only.
                        _charge([first, second], offence="membership of an illegal group"),
                        _charge([first], instrument="Criminal Code", article="341"),
                    ],
                },
                {"kind": "administrative"},
            ],
            "hearings": [{"local_date": "2025-06-02", "time_zone": "Asia/Bishkek"}],
        },
    )
    criminal, administrative = document["proceedings"]
    assert (criminal["kind"], criminal["name"]) == ("criminal", "criminal case No. 12345")
    joint, alone = criminal["charges"]
    # One joint charge, read back once, against both.
    assert (joint["article"], joint["offence"]) == ("", "membership of an illegal group")
    assert joint["defenders"] == sorted([str(first.pk), str(second.pk)])
    assert Charge.objects.count() == 2
    # A hearing at a court nobody named, for a purpose nobody stated.
    (hearing,) = document["hearings"]
    assert (hearing["court"], hearing["purpose"], hearing["proceeding"]) == ("", "", None)
    assert str(Hearing.objects.get()) == "court not named, 2025-06-02"

    # Two charges replaced by three: recorded, then named as the replacements.
    new = [_charge([first, second], offence=f"offence {n}") for n in (1, 2, 3)]
    ids = [{"id": joint["id"]}, {"id": alone["id"]}]
    other = {"id": administrative["id"]}  # a list given whole: left out, it would be deleted
    document = _patch(
        editor_api, case, {"proceedings": [{"id": criminal["id"], "charges": ids + new}, other]}
    )
    three = sorted(c["id"] for c in document["proceedings"][0]["charges"][2:])
    assert len(three) == 3
    replaced = [{**i, "status": "replaced", "replaced_by": three} for i in ids]
    kept = [{"id": i} for i in three]
    document = _patch(
        editor_api,
        case,
        {"proceedings": [{"id": criminal["id"], "charges": replaced + kept}, other]},
    )
    charges = {c["id"]: c for c in document["proceedings"][0]["charges"]}
    assert [charges[i["id"]]["replaced_by"] for i in ids] == [three, three]
    assert {str(c.pk) for c in Charge.objects.get(pk=alone["id"]).replaced_by.all()} == set(three)
    assert set(Charge.objects.get(pk=three[0]).replaces.values_list("pk", flat=True)) == {
        Charge.objects.get(pk=i["id"]).pk for i in ids
    }

    # A replacement from another proceeding: 400 naming the field, nothing changed.
    elsewhere = Charge.objects.create(
        proceeding=Proceeding.objects.get(pk=administrative["id"]), case=case, offence="x"
    )
    response = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "proceedings": [
                {
                    "id": criminal["id"],
                    "charges": [{**kept[0], "replaced_by": [str(elsewhere.pk)]}],
                },
                other,
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].charges[0].replaced_by": [
            f"Not a charge of this proceeding: {elsewhere.pk}."
        ]
    }
    assert Charge.objects.count() == 6

    # Neither article nor offence: refused, named by the charge's path.
    response = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {
            "proceedings": [
                {"id": criminal["id"], "charges": replaced + kept + [_charge([first])]},
                other,
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].charges[5]": ["Give the article or the offence (or both)."]
    }


def test_a_conviction_with_a_suspended_sentence_fine_and_travel_ban_then_upheld(
    editor_api, editor_client
):
    defender = DefenderFactory(full_name="A Alieva")
    case = _case_of(defender)
    proceeding = Proceeding.objects.create(case=case, name="criminal case No. 12345")
    charge = Charge.objects.create(proceeding=proceeding, case=case, article="341", offence="x")
    charge.defenders.set([defender])
    imposed = [
        {"kind": "imprisonment", "years": 3, "suspension": "suspended", "suspension_years": 2},
        {"kind": "fine", "amount": 50000, "currency": "KGS"},
        {"kind": "travel_ban", "years": 5},
    ]
    requested = [{"kind": "imprisonment", "years": 7, "charge": str(charge.pk)}]
    first_instance = {
        "date": "2025-07-01",
        "court": "Leninsky District Court of Osh",
        "instance": "first_instance",
        "charges": [str(charge.pk)],
        "rulings": [
            {
                "defender": str(defender.pk),
                "outcome": "convicted",
                "sentence": imposed,
                "requested_sentence": requested,
            }
        ],
    }
    appeal = {
        "date": "2025-09-15",
        "court": "Osh Regional Court",
        "instance": "appeal",
        "charges": [str(charge.pk)],
        "rulings": [{"defender": str(defender.pk), "outcome": "upheld"}],
    }
    document = _patch(
        editor_api,
        case,
        {
            "proceedings": [
                {
                    "id": str(proceeding.pk),
                    "charges": [{"id": str(charge.pk), "status": "decided"}],
                    "decisions": [first_instance, appeal],
                }
            ]
        },
    )
    decided, upheld = document["proceedings"][0]["decisions"]
    (ruling,) = decided["rulings"]
    assert (decided["instance"], decided["charges"], ruling["outcome"]) == (
        "first_instance",
        [str(charge.pk)],
        "convicted",
    )
    blank = {
        "charge": None,
        "years": None,
        "months": None,
        "days": None,
        "suspension": "",
        "suspension_years": None,
        "suspension_months": None,
        "amount": None,
        "currency": "",
        "detail": "",
        "regime": "",
        "as_printed": "",
        "term_as_printed": "",
        "suspension_as_printed": "",
        "suspension_term_as_printed": "",
        "stated_in": None,
        "changed_in": None,
    }
    assert ruling["sentence"] == [{**blank, **part} for part in imposed]
    assert ruling["requested_sentence"] == [{**blank, **part} for part in requested]
    assert (upheld["instance"], upheld["rulings"][0]["outcome"]) == ("appeal", "upheld")
    assert upheld["rulings"][0]["sentence"] == []

    # The same write again: nothing is saved again (no history row).
    parts = SentencePart.history.count()
    decision_ids = [{"id": decided["id"], **first_instance}, {"id": upheld["id"], **appeal}]
    _patch(
        editor_api, case, {"proceedings": [{"id": str(proceeding.pk), "decisions": decision_ids}]}
    )
    assert SentencePart.history.count() == parts
    assert (Decision.objects.count(), Ruling.objects.count(), SentencePart.objects.count()) == (
        2,
        2,
        4,
    )

    # Letters and the public page read the parts, in words.
    from cases.sentences import sentence_text

    stored = Ruling.objects.get(outcome="convicted").sentence_parts.filter(requested=False)
    assert sentence_text(stored) == (
        "Imprisonment, 3 years, suspended for 2 years; Fine, 50000 KGS; "
        "Ban on leaving the country, 5 years"
    )

    # A fine without its amount: 400 named by the part's path.
    bad = {
        **first_instance,
        "rulings": [{"defender": str(defender.pk), "sentence": [{"kind": "fine"}]}],
    }
    response = editor_api.patch(
        f"/api/v1/cases/{case.pk}/",
        {"proceedings": [{"id": str(proceeding.pk), "decisions": [{"id": decided["id"], **bad}]}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].rulings[0].sentence[0]": ["Give the fine's amount."]
    }

    # The case page shows the proceeding in short, the defender named, its inlines nested.
    page = editor_client.get(f"/admin/cases/case/{case.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "A Alieva: Convicted — Imprisonment, 3 years, suspended for 2 years" in content
    assert "(requested: Imprisonment, 7 years, for the charge art. 341 (x))" in content
    assert 'name="proceedings-0-decisions-0-rulings-0-sentence_parts-2-kind"' in content
