"""Rulings and sentences as appeals print them (issue 14, items 4, 5, 10): a proceeding's court
and whether the prosecution appealed, a decision appealed or not, a defender convicted of one
charge and acquitted of another (two rulings, each with its charges), and sentence parts kept
with their wording and regime, through the staff API, refused with a 400 naming the field
when they do not hold together, and read in words by the case screen, the CSV and letters."""

import re

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from cases.models import Appeal, Charge, Decision, Proceeding, Ruling, SentencePart
from cases.selectors import case_defender_summaries
from cases.sentences import sentence_text
from letters.context import letter_context
from letters.rendering import letter_html
from tests.admin_forms import assert_saved, page_errors
from tests.cases.admin_support import change_url, edit
from tests.factories import CaseFactory, DefenderFactory
from tests.new_facts import NOW, new_facts_case

pytestmark = pytest.mark.django_db

IMPRISONMENT = {
    "kind": "imprisonment",
    "years": 6,
    "term_as_printed": "six years' imprisonment",
    "regime": "medium-security penal colony",
}
SUSPENDED = {
    "kind": "imprisonment",
    "years": 3,
    "term_as_printed": "three years' imprisonment",
    "suspension": "probation",
    "suspension_years": 2,
    "suspension_as_printed": "suspended",
    "suspension_term_as_printed": "two years' probation",
}
FINE = {
    "kind": "fine",
    "amount": 5000,
    "currency": "BYN",
    "as_printed": "a fine of 5,000 Belarusian roubles (BYN)",
}


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def court():
    """A case with two defenders and a criminal proceeding: a joint charge against both, a
    second charge against the first only."""
    first = DefenderFactory(full_name="Aliaksandr Karpenko")
    second = DefenderFactory(full_name="Volha Sidarenka")
    case = CaseFactory()
    case.defenders.set([first, second])
    proceeding = Proceeding.objects.create(case=case, kind="criminal")
    joint = Charge.objects.create(
        proceeding=proceeding, case=case, article="361-1", offence="extremist formation"
    )
    joint.defenders.set([first, second])
    tax = Charge.objects.create(proceeding=proceeding, case=case, article="243", offence="tax")
    tax.defenders.set([first])
    return case, proceeding, first, second, joint, tax


def _patch(api, case, proceeding: dict):
    return api.patch(f"/api/v1/cases/{case.pk}/", {"proceedings": [proceeding]}, format="json")


def _decision(rulings, **fields):
    return {"date": "2021-09-03", "court": "Minsk City Court", "rulings": rulings, **fields}


def _convicted_and_acquitted(first, joint, tax) -> list:
    return [
        {
            "defender": str(first.pk),
            "outcome": "convicted",
            "charges": [str(joint.pk)],
            "sentence": [IMPRISONMENT, FINE],
            "requested_sentence": [{"kind": "imprisonment", "years": 8}],
        },
        {
            "defender": str(first.pk),
            "outcome": "acquitted",
            "outcome_as_printed": "acquitted of tax evasion",
            "charges": [str(tax.pk)],
        },
    ]


def test_a_defender_convicted_of_one_charge_and_acquitted_of_another_comes_back_exact(
    editor_api, court
):
    case, proceeding, first, second, joint, tax = court
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "court": "tribunal de Tichy",
            "prosecution_appealed": False,
            "prosecution_appealed_as_printed": "Le parquet n'a pas fait appel.",
            "decisions": [
                _decision(
                    [
                        *_convicted_and_acquitted(first, joint, tax),
                        {
                            "defender": str(second.pk),
                            "outcome": "convicted",
                            "charges": [str(joint.pk)],
                            "sentence": [SUSPENDED],
                            "unchanged_as_printed": "the ban was left unchanged",
                        },
                    ],
                    appeal_lodged=True,
                    appeal_lodged_by="her lawyers",
                    appeal_lodged_as_printed="Her lawyers have appealed.",
                )
            ],
        },
    )
    assert response.status_code == 200, response.content
    (stored,) = response.json()["proceedings"]
    assert (
        stored["court"],
        stored["prosecution_appealed"],
        stored["prosecution_appealed_as_printed"],
    ) == ("tribunal de Tichy", False, "Le parquet n'a pas fait appel.")
    (decision,) = stored["decisions"]
    assert (
        decision["appeal_lodged"],
        decision["appeal_lodged_by"],
        decision["appeal_lodged_as_printed"],
    ) == (True, "her lawyers", "Her lawyers have appealed.")
    # By defender, a defender's rulings in the order entered.
    assert [(r["defender"], r["outcome"]) for r in decision["rulings"]] == sorted(
        [(str(first.pk), "convicted"), (str(first.pk), "acquitted"), (str(second.pk), "convicted")],
        key=lambda r: r[0],
    )
    rulings = {(r["defender"], r["outcome"]): r for r in decision["rulings"]}
    convicted = rulings[(str(first.pk), "convicted")]
    acquitted = rulings[(str(first.pk), "acquitted")]
    suspended = rulings[(str(second.pk), "convicted")]
    assert (convicted["charges"], acquitted["charges"]) == ([str(joint.pk)], [str(tax.pk)])
    assert acquitted["outcome_as_printed"] == "acquitted of tax evasion"
    assert suspended["unchanged_as_printed"] == "the ban was left unchanged"

    def given(parts):
        return [{k: v for k, v in p.items() if v not in (None, "")} for p in parts]

    assert given(convicted["sentence"]) == [IMPRISONMENT, FINE]
    assert given(suspended["sentence"]) == [SUSPENDED]
    assert (Ruling.objects.count(), Ruling.objects.filter(defender=first).count()) == (3, 2)

    # The same rulings again, in another order: each keeps its row (known by its defender
    # and charges), and nothing is saved again.
    ids = dict(Ruling.objects.filter(defender=first).values_list("outcome", "pk"))
    changed = Ruling.history.filter(history_type="~").count()
    added = SentencePart.history.filter(history_type="+").count()
    rulings_again = list(reversed(_convicted_and_acquitted(first, joint, tax)))
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [{"id": decision["id"], "rulings": rulings_again}],
        },
    )
    assert response.status_code == 200, response.content
    assert dict(Ruling.objects.values_list("outcome", "pk")) == ids
    assert Ruling.history.filter(history_type="~").count() == changed
    assert SentencePart.history.filter(history_type="+").count() == added


def test_a_ruling_on_a_charge_not_against_its_defender_is_refused(editor_api, court):
    case, proceeding, _first, second, _joint, tax = court
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [
                _decision(
                    [{"defender": str(second.pk), "outcome": "acquitted", "charges": [str(tax.pk)]}]
                )
            ],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].rulings[0].charges": [
            f"Not a charge against this defender: {tax.pk}."
        ]
    }
    assert (Decision.objects.count(), Ruling.objects.count()) == (0, 0)


def test_a_ruling_on_a_charge_of_another_proceeding_is_refused(editor_api, court):
    case, proceeding, first, _second, _joint, _tax = court
    other = Proceeding.objects.create(case=case, kind="administrative")
    elsewhere = Charge.objects.create(proceeding=other, case=case, offence="hooliganism")
    elsewhere.defenders.set([first])
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [_decision([{"defender": str(first.pk), "charges": [str(elsewhere.pk)]}])],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].rulings[0].charges": [
            f"Not a charge of this proceeding: {elsewhere.pk}."
        ]
    }
    assert Ruling.objects.count() == 0


def test_a_charge_ruled_on_twice_for_one_defender_is_refused(editor_api, court):
    case, proceeding, first, _second, joint, _tax = court
    twice = [
        {"defender": str(first.pk), "outcome": "convicted", "charges": [str(joint.pk)]},
        {"defender": str(first.pk), "outcome": "acquitted", "charges": [str(joint.pk)]},
    ]
    response = _patch(editor_api, case, {"id": str(proceeding.pk), "decisions": [_decision(twice)]})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].rulings": [
            f"A charge against Aliaksandr Karpenko is ruled on twice: {joint.pk}."
        ]
    }
    assert (Decision.objects.count(), Ruling.objects.count()) == (0, 0)


def test_two_rulings_on_one_defender_each_name_their_charges(editor_api, court):
    case, proceeding, first, _second, joint, _tax = court
    vague = [
        {"defender": str(first.pk), "outcome": "convicted", "charges": [str(joint.pk)]},
        {"defender": str(first.pk), "outcome": "acquitted"},
    ]
    response = _patch(editor_api, case, {"id": str(proceeding.pk), "decisions": [_decision(vague)]})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].rulings": [
            "The decision rules on Aliaksandr Karpenko more than once: each ruling names the "
            "charges it rules on."
        ]
    }
    assert Ruling.objects.count() == 0


def test_who_appealed_goes_with_an_appeal_lodged(editor_api, court):
    case, proceeding, *_rest = court
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [_decision([], appeal_lodged=None, appeal_lodged_by="her lawyers")],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].appeal_lodged_by": ["Who appealed goes with an appeal lodged."]
    }
    assert Decision.objects.count() == 0


def test_a_suspension_s_wording_without_a_suspension_is_refused(editor_api, court):
    case, proceeding, first, *_rest = court
    wording = {"kind": "imprisonment", "years": 3, "suspension_as_printed": "suspended"}
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [_decision([{"defender": str(first.pk), "sentence": [wording]}])],
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].decisions[0].rulings[0].sentence[0]": [
            "The wording of a suspension or probation goes with a suspended sentence or probation."
        ]
    }
    assert SentencePart.objects.count() == 0


def test_wrong_types_are_refused_naming_the_field(editor_api, court):
    case, proceeding, first, *_rest = court
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "prosecution_appealed": "perhaps",
            "decisions": [
                _decision(
                    [{"defender": str(first.pk), "charges": "all", "outcome_as_printed": "x" * 501}]
                )
            ],
        },
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        "proceedings[0].prosecution_appealed",
        "proceedings[0].decisions[0].rulings[0].charges",
        "proceedings[0].decisions[0].rulings[0].outcome_as_printed",
    }
    assert Decision.objects.count() == 0


def test_the_case_screen_and_letters_read_the_rulings_charges_and_regime(editor_api, court):
    case, proceeding, first, _second, joint, tax = court
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [_decision(_convicted_and_acquitted(first, joint, tax))],
        },
    )
    assert response.status_code == 200, response.content
    convicted = Ruling.objects.get(outcome="convicted")
    assert sentence_text(convicted.sentence_parts.filter(requested=False)) == (
        "Imprisonment, 6 years, medium-security penal colony; Fine, 5000 BYN"
    )
    (summary,) = [s for s in case_defender_summaries(case=case) if s.defender_id == first.pk]
    assert [r.details[:3] for r in summary.rulings] == [
        [str(proceeding), "Convicted", "art. 361-1 (extremist formation)"],
        [str(proceeding), "Acquitted", "art. 243 (tax)"],
    ]


def test_a_letter_names_the_charges_a_ruling_rules_on_and_the_appeal_lodged(editor, time_machine):
    time_machine.move_to(NOW, tick=False)
    facts = new_facts_case(editor)
    appeal = Appeal.objects.get(pk=facts.own_appeal)
    ruling = Ruling.objects.get(decision__proceeding__case=appeal.case)
    charge = Charge.objects.filter(
        proceeding=ruling.decision.proceeding, defenders=ruling.defender, article="341"
    ).get()
    ruling.charges.set([charge])
    Decision.objects.filter(pk=ruling.decision_id).update(appeal_lodged=True)

    [decision] = letter_context(appeal=appeal, authorities=None, language="en", campaigner=None)[
        "decisions"
    ]
    assert decision["rulings"][0]["charges"] == (
        "Criminal Code, art. 341 (dissemination of false information)"
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", letter_html(appeal=appeal, language="en")).split())
    assert (
        "Aigerim Dzhaksybekova, convicted (Criminal Code, art. 341 (dissemination of false "
        "information)): Imprisonment, 5 years"
    ) in text
    assert "(the prosecution had requested Imprisonment, 7 years); an appeal was lodged." in text
    with translation.override("fr"):
        french = letter_html(appeal=appeal, language="fr")
    assert "un appel a été interjeté" in french


def test_the_admin_saves_a_rulings_charges_through_the_service_and_shows_its_refusal(
    editor_api, editor_client, court
):
    case, proceeding, first, second, joint, tax = court
    response = _patch(
        editor_api,
        case,
        {
            "id": str(proceeding.pk),
            "decisions": [
                _decision(
                    [{"defender": str(first.pk), "outcome": "convicted"}],
                    appeal_lodged=True,
                    appeal_lodged_by="his lawyers",
                )
            ],
        },
    )
    assert response.status_code == 200, response.content
    ruling = "proceedings-0-decisions-0-rulings-0"

    post = edit(editor_client, case)
    post.set(ruling, charges=[joint], outcome_as_printed="found guilty")
    assert_saved(editor_client.post(change_url(case), post.data))
    stored = Ruling.objects.get()
    assert ([c.pk for c in stored.charges.all()], stored.outcome_as_printed) == (
        [joint.pk],
        "found guilty",
    )
    # The proceeding in short names the charges ruled on and the appeal lodged.
    page = editor_client.get(change_url(case)).content.decode()
    assert "Aliaksandr Karpenko: Convicted (art. 361-1 (extremist formation))" in page
    assert "Appeal lodged (his lawyers)" in page

    # The second defender ruled on the first's charge alone: refused, nothing changed.
    post = edit(editor_client, case)
    post.set(ruling, defender=second, charges=[tax])
    response = editor_client.post(change_url(case), post.data)
    assert response.status_code == 200
    assert "Not a charge against this defender" in str(page_errors(response))
    assert Ruling.objects.get().defender == first
