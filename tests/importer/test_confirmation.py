"""Confirming an imported appeal (importer.confirmation.proposal_confirm): what staff confirm
is recorded through the case apps' services, read back through the staff API; a follow-up
attaches to its case by proposal_matches; a refusal changes nothing (issue 15)."""

import json
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
