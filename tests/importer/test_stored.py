"""A proposal kept as JSON with its document comes back the same (importer.reading.stored)."""

import json
from pathlib import Path

import pytest

from cases.dates import Precision
from importer.reading import appeal_read
from importer.reading.stored import proposal_as_json, proposal_from_json

APPEALS = sorted((Path(__file__).parent.parent / "data" / "appeals").glob("*.txt"))


@pytest.mark.parametrize("path", APPEALS, ids=lambda path: path.stem)
def test_a_proposal_comes_back_from_json_the_same(path):
    proposal = appeal_read(text=path.read_text(encoding="utf-8"))

    stored = json.loads(json.dumps(proposal_as_json(proposal)))

    assert proposal_from_json(stored) == proposal


def test_uncertain_dates_keep_their_precision_and_unknown_fields_are_ignored():
    proposals = [appeal_read(text=path.read_text(encoding="utf-8")) for path in APPEALS]
    loose = [
        event.date.value
        for proposal in proposals
        for event in proposal.events
        if event.date.value and event.date.value.precision != Precision.DAY
    ]
    assert loose, "the fictional appeals have events dated to a month, a season or a range"
    stored = proposal_as_json(proposals[0])
    stored["a_field_of_a_later_version"] = "ignored"

    assert proposal_from_json(stored) == proposals[0]
    for date in loose:
        assert type(date).parse(date.iso()) == date
