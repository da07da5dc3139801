"""Confirming an imported appeal (importer.confirmation.proposal_confirm): what staff confirm
is recorded through the case apps' services, read back through the staff API; a follow-up
attaches to its case by proposal_matches; a refusal changes nothing (issue 15)."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cases.models import Appeal, Case, Issuer
from defenders.models import Defender
from importer.confirmation import proposal_confirm
from importer.reading import appeal_read
from importer.selectors import proposal_matches
from tests.api_clients import staff_api_client

APPEALS = Path(__file__).resolve().parent.parent / "data" / "appeals"
NOTE = "Imported from 01_blr_urgent_appeal.txt, reviewed"

pytestmark = pytest.mark.django_db


def _read(name: str):
    proposal = appeal_read(text=(APPEALS / f"{name}.txt").read_text())
    return proposal, json.loads((APPEALS / f"{name}.answer.json").read_text())


def _confirm(proposal, user, case=None, defenders=None, note=NOTE):
    return proposal_confirm(
        proposal=proposal,
        case=case,
        defender_matches=defenders or {},
        authority_matches={},
        acting_user=user,
        history_note=note,
    )


@pytest.mark.parametrize(
    "name",
    [
        "01_blr_urgent_appeal",
        "07_dza_appel_urgent",
        "09_hnd_llamamiento_urgente",
        "10_kaz_urgent_appeal",
        "11_aze_urgent_appeal",
    ],
)
def test_an_original_appeal_is_recorded_as_its_answer_states(name, reviewer):
    proposal, answer = _read(name)
    appeal = _confirm(proposal, reviewer)
    api = staff_api_client(reviewer)
    case = api.get(f"/api/v1/cases/{appeal.case.pk}/").json()
    stored = api.get(f"/api/v1/appeals/{appeal.pk}/").json()
    assert stored["reference"] == answer["reference"]
    assert stored["issue_date"] == answer["issue_date"]
    assert [a["text"] for a in stored["actions"]] == [a["text"] for a in answer["actions"]]
    defenders = [
        api.get(f"/api/v1/defenders/{d['id'] if isinstance(d, dict) else d}/").json()
        for d in case["defenders"]
    ]
    assert sorted(d["full_name"] for d in defenders) == sorted(
        d["name"] for d in answer["defenders"]
    )
    charges = [c for p in case["proceedings"] for c in p["charges"]]
    assert sorted((c["offence"], c["article"] or None) for c in charges) == sorted(
        (c["offence"] or "", c["article"]) for c in answer["charges"]
    )
    # A measure is recorded once for each defender it concerns.
    assert {p["kind"] for p in case["detention_periods"]} == {
        m["kind"] for m in answer["detention"]
    }


def test_a_follow_up_attaches_to_its_case_and_links_its_defenders(reviewer):
    first = _confirm(_read("01_blr_urgent_appeal")[0], reviewer)
    proposal, answer = _read("02_blr_new_information_01")
    matches = proposal_matches(proposal=proposal)
    assert matches.case[0].case == first.case
    assert "BLR 002 / 0321 / OBS 027" in matches.case[0].evidence
    chosen = {
        index: candidates[0].defender
        for index, candidates in matches.defenders.items()
        if candidates and candidates[0].score == 100
    }
    assert chosen, "the defenders of the first appeal are proposed"
    before = Defender.objects.count()
    appeal = _confirm(proposal, reviewer, case=first.case, defenders=chosen)
    assert appeal.case == first.case
    assert Defender.objects.count() == before + len(answer["defenders"]) - len(chosen)
    api = staff_api_client(reviewer)
    case = api.get(f"/api/v1/cases/{first.case.pk}/").json()
    assert {a["reference"] for a in case["appeals"]} >= {
        "BLR 002 / 0321 / OBS 027",
        answer["reference"],
    }
    # The first appeal's records are kept; the follow-up's are added, stated in it.
    charges = [c for p in case["proceedings"] for c in p["charges"]]
    assert {c["offence"] for c in charges} >= {c["offence"] for c in answer["charges"]}
    assert Case.objects.count() == 1


def test_a_refusal_records_nothing_and_names_the_field(reviewer):
    proposal, _answer = _read("01_blr_urgent_appeal")
    proposal.defenders[0].name = "x" * 1000
    counts = (Case.objects.count(), Defender.objects.count(), Appeal.objects.count())
    with pytest.raises(ValidationError) as refused:
        _confirm(proposal, reviewer)
    assert "defenders.0.name" in refused.value.message_dict
    assert (Case.objects.count(), Defender.objects.count(), Appeal.objects.count()) == counts


def test_an_unknown_country_is_refused_on_country(reviewer):
    proposal, _answer = _read("01_blr_urgent_appeal")
    proposal.country_as_printed = replace(proposal.country_as_printed, value="Ruritania")
    with pytest.raises(ValidationError) as refused:
        _confirm(proposal, reviewer)
    assert list(refused.value.message_dict) == ["country"]
    assert Case.objects.count() == 0


def test_every_history_row_written_carries_the_note(reviewer):
    appeal = _confirm(_read("01_blr_urgent_appeal")[0], reviewer, note="Reviewed by the desk")
    case = appeal.case
    rows = [
        *case.history.all(),
        *appeal.history.all(),
        *Defender.history.filter(id__in=case.defenders.values("pk")),
        *case.detention_periods.model.history.filter(case_id=case.pk),
        *case.events.model.history.filter(case_id=case.pk),
    ]
    assert len(rows) > 5
    assert {row.history_change_reason for row in rows} == {"Reviewed by the desk"}


def test_another_issuer_needs_to_be_on_record(reviewer):
    proposal, _answer = _read("03_blr_urgent_action_ua_117_21")
    with pytest.raises(ValidationError) as refused:
        _confirm(proposal, reviewer)
    assert "issuer" in refused.value.message_dict
    Issuer.objects.create(name="Candle International", slug="candle-international")
    appeal = _confirm(proposal, reviewer)
    assert appeal.issuer.name == "Candle International"
    assert appeal.index_number


def test_a_new_case_takes_its_countrys_only_time_zone_and_its_hearing_the_local_time(reviewer):
    proposal, _answer = _read("09_hnd_llamamiento_urgente")

    appeal = _confirm(proposal, reviewer)

    case = appeal.case
    assert case.time_zone == "America/Tegucigalpa"
    [hearing] = case.hearings.all()
    assert (hearing.time_zone, str(hearing.local_time)) == ("America/Tegucigalpa", "09:00:00")


def test_a_country_of_several_time_zones_gives_no_local_time_to_place_wrongly(reviewer):
    proposal, _answer = _read("09_hnd_llamamiento_urgente")
    printed = proposal.country_as_printed
    proposal = replace(proposal, country_as_printed=replace(printed, value="Kazakhstan"))

    appeal = _confirm(proposal, reviewer)

    case = appeal.case
    assert (case.country, case.time_zone) == ("KZ", "UTC")
    [hearing] = case.hearings.all()
    assert hearing.local_time is None
    assert hearing.time_as_printed
