"""What a proposal matches on record (importer.selectors.proposal_matches): defenders by name
and other spellings, authorities by fax or e-mail and by name, cases by the reference's base
and by the people named; nothing below the threshold (issue 15)."""

from pathlib import Path

import pytest

from authorities.services import authority_create
from defenders.services import defender_create
from importer.reading import appeal_read
from importer.selectors import country_code, proposal_matches

APPEALS = Path(__file__).resolve().parent.parent / "data" / "appeals"

pytestmark = pytest.mark.django_db


def _proposal(name: str):
    return appeal_read(text=(APPEALS / f"{name}.txt").read_text())


def test_countries_are_known_in_english_french_and_spanish():
    assert country_code("Belarus") == "BY"
    assert country_code("Algérie") == "DZ"
    assert country_code("Honduras") == "HN"
    assert country_code("Argelia") == "DZ"
    assert country_code("Ruritania") is None


def test_a_known_defender_is_proposed_with_evidence_and_a_stranger_is_not():
    proposal = _proposal("01_blr_urgent_appeal")
    known = defender_create(
        acting_user=None,
        full_name="Someone Else",
        other_names=[{"name": proposal.defenders[0].name}],
    )
    defender_create(acting_user=None, full_name="Quite Unrelated Person")
    matches = proposal_matches(proposal=proposal)
    [match] = matches.defenders[0]
    assert match.defender == known
    assert match.score == 100
    assert proposal.defenders[0].name in match.evidence


def test_an_authority_is_matched_by_its_fax_whatever_its_spelling():
    proposal = _proposal("01_blr_urgent_appeal")
    addressee = proposal.addressees[0]
    authority = authority_create(
        acting_user=None,
        post="Some other post",
        country="BY",
        contacts=[{"kind": "fax", "value": addressee.fax.replace(" ", ""), "position": 0}],
    )
    matches = proposal_matches(proposal=proposal)
    assert matches.authorities[0][0].authority == authority
    assert matches.authorities[0][0].score == 100


def test_an_authority_is_matched_by_its_e_mail_whatever_its_case_and_in_another_country():
    proposal = _proposal("01_blr_urgent_appeal")
    [addressee] = [a for a in proposal.addressees if a.email][:1]
    index = proposal.addressees.index(addressee)
    authority = authority_create(
        acting_user=None,
        post="Some other post",
        country="LT",
        contacts=[{"kind": "email", "value": addressee.email.upper(), "position": 0}],
    )
    authority_create(acting_user=None, post="Quite another office", country="BY")

    [match] = proposal_matches(proposal=proposal).authorities[index]

    assert (match.authority, match.score) == (authority, 100)
    assert addressee.email.upper() in match.evidence
