"""Issue 14, "Done when": each fictional appeal (tests/data/appeals/) round-trips through the
staff API with every fact exact: no fact only in free text, none lost, none invented.

Each case's appeals are entered in file order, as a member of staff would enter them
(tests/cases/fictional_appeals.py), and each file's facts are compared with what the API
gives back right after it. The facts that do not come back yet are listed, each with why, in
KNOWN_GAPS: a failure lists every other fact that did not come back, by file, and every listed
one that now does (its line is to be deleted: the list only shrinks)."""

import pytest

from tests.api_clients import staff_api_client
from tests.cases.fictional_appeals import (
    KNOWN_GAPS,
    CaseEntry,
    Comparison,
    fact_key,
    files_by_case,
)

pytestmark = pytest.mark.django_db

CASES = files_by_case()


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.mark.parametrize("case_label", sorted(CASES))
def test_each_fictional_appeal_round_trips_through_the_staff_api(case_label, reviewer):
    entry = CaseEntry(api=staff_api_client(reviewer), case_label=case_label)
    failures = []
    for name, facts in CASES[case_label]:
        entry.enter(name, facts)
        failures += Comparison(entry, name, facts).run()

    files = {name for name, _facts in CASES[case_label]}
    known = {(f, record, fact) for f, record, fact, _why in KNOWN_GAPS if f in files}
    new = [line for line in failures if fact_key(line) not in known]
    failing = {fact_key(line) for line in failures}
    fixed = [f"{f}: {record}.{fact}" for f, record, fact in sorted(known - failing)]
    report = []
    if new:
        report += ["Facts that did not come back exact (not in KNOWN_GAPS):", *new]
    if fixed:
        report += ["Known gaps that come back exact now (delete them from KNOWN_GAPS):", *fixed]
    if report:
        pytest.fail("\n".join(report), pytrace=False)


def test_each_known_gap_names_a_file_and_a_reason():
    names = {name for files in CASES.values() for name, _facts in files}
    assert [gap for gap in KNOWN_GAPS if gap[0] not in names or not gap[3]] == []
    assert len({gap[:3] for gap in KNOWN_GAPS}) == len(KNOWN_GAPS)
