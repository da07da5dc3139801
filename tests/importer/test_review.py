"""importer.review: a proposal flattened into fields, and staff's decisions applied."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from cases.dates import UncertainDate
from importer.reading import appeal_read
from importer.review import (
    CORRECT,
    DROP,
    Decision,
    proposal_corrected,
    proposal_fields,
    proposal_reviewed,
)

APPEAL = Path(__file__).resolve().parent.parent / "data" / "appeals" / "01_blr_urgent_appeal.txt"


@pytest.fixture(scope="module")
def proposal():
    return appeal_read(text=APPEAL.read_text())


def test_every_field_has_a_stable_key_its_group_and_its_span_in_the_text(proposal):
    fields = {field.key: field for field in proposal_fields(proposal)}

    assert fields["reference"].group == "identity"
    assert proposal.text[fields["reference"].start : fields["reference"].end] == (
        "BLR 002 / 0321 / OBS 027"
    )
    assert fields["defenders.0.name"].value == "Aleksandr Karpenko"
    assert fields["defenders.0.name"].group == "defenders"
    assert fields["defenders.0.affiliations.1.role"].value == "board member"
    assert fields["charges.0.article"].value == "19.1"
    assert fields["actions.3.text"].group == "actions"
    assert fields["notes.0.date"].group == "footnotes"


def test_a_date_is_given_in_the_api_form_and_as_printed(proposal):
    issue_date = next(f for f in proposal_fields(proposal) if f.key == "issue_date")

    assert (issue_date.value, issue_date.printed) == ("2021-03-29", "March 29, 2021")
    assert proposal.text[issue_date.start : issue_date.end] == "March 29, 2021"


def test_fields_accepted_leave_the_proposal_as_read(proposal):
    assert proposal_corrected(proposal, {}) == proposal
    assert proposal_corrected(proposal, {"reference": Decision()}) == proposal


def test_a_correction_replaces_the_value_and_keeps_its_span(proposal):
    corrected = proposal_corrected(
        proposal,
        {
            "defenders.0.name": Decision(CORRECT, " Aliaksandr Karpenka "),
            "issue_date": Decision(CORRECT, "2021-03"),
        },
    )

    assert corrected.defenders[0].name == "Aliaksandr Karpenka"
    assert corrected.issue_date.value == UncertainDate.parse("2021-03")
    assert corrected.issue_date.as_printed == "March 29, 2021"
    assert corrected.issue_date.start == proposal.issue_date.start
    assert proposal.defenders[0].name == "Aleksandr Karpenko"


def test_dropping_a_value_empties_it(proposal):
    corrected = proposal_corrected(proposal, {"charges.0.article": Decision(DROP)})

    assert corrected.charges[0].article is None
    assert corrected.charges[0].offence == "petty hooliganism"


def test_dropping_a_defenders_name_drops_the_defender(proposal):
    corrected = proposal_corrected(
        proposal,
        {"defenders.0.name": Decision(DROP), "defenders.0.honorific": Decision(CORRECT, "Ms")},
    )

    assert corrected.defenders == []


def test_dropping_items_by_their_keys_drops_those_items_only(proposal):
    corrected = proposal_corrected(
        proposal,
        {
            "actions.0.text": Decision(DROP),
            "actions.2.text": Decision(DROP),
            "violations.1": Decision(DROP),
            "defenders.0.affiliations.0.role": Decision(DROP),
        },
    )

    assert [action.number for action in corrected.actions] == [
        proposal.actions[1].number,
        proposal.actions[3].number,
    ]
    assert [v.value for v in corrected.violations] == ["Arbitrary detention"]
    assert [a.role for a in corrected.defenders[0].affiliations] == ["board member"]


def test_a_charge_left_with_nothing_is_dropped(proposal):
    corrected = proposal_corrected(proposal, {"charges.1.offence": Decision(DROP)})

    assert [charge.offence for charge in corrected.charges] == ["petty hooliganism"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "issue_date",
            "29 March 2021",
            "Enter a date in the form 2021-03-14, 2021-03, 2021, 2012-autumn, "
            "2019-11-03/2019-11-09 or 2015~.",
        ),
        ("reference", "  ", "Enter the corrected value, or drop the field."),
        ("addressees.0.email", "not an address", "Enter a valid email address."),
        ("measures.0.kind", "jail", None),
    ],
)
def test_an_invalid_correction_is_refused_by_its_key(proposal, key, value, message):
    with pytest.raises(ValidationError) as refused:
        proposal_corrected(proposal, {key: Decision(CORRECT, value), "title": Decision(DROP)})

    assert list(refused.value.message_dict) == [key]
    if message:
        assert refused.value.message_dict[key] == [message]
    assert proposal.title is not None


def test_a_key_not_proposed_is_refused(proposal):
    with pytest.raises(ValidationError) as refused:
        proposal_corrected(proposal, {"defenders.7.name": Decision(DROP)})

    assert refused.value.message_dict == {"defenders.7.name": ["This field was not proposed."]}


def test_a_key_of_the_corrected_proposal_is_traced_to_the_field_as_read(proposal):
    reviewed = proposal_reviewed(proposal, {"actions.0.text": Decision(DROP)})

    assert reviewed.origins["actions"] == [1, 2, 3]
    assert reviewed.key_as_read("actions.0.text") == "actions.1.text"
    assert reviewed.key_as_read("defenders.0.name") == "defenders.0.name"
    assert reviewed.key_as_read("reference") == "reference"
