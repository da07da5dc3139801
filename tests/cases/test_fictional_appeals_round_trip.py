"""Issue 14, "Done when": each fictional appeal (tests/data/appeals/) round-trips through the
staff API with every fact exact: no fact only in free text, none lost, none invented.

Each case's appeals are entered in file order, as a member of staff would enter them
(tests/cases/fictional_appeals.py), and each file's facts are compared with what the API
gives back right after it. A failure lists every fact that did not come back, by file."""

import pytest

from tests.api_clients import staff_api_client
from tests.cases.fictional_appeals import CaseEntry, Comparison, files_by_case

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

    if failures:
        pytest.fail("\n".join(["Facts that did not come back exact:", *failures]), pytrace=False)
