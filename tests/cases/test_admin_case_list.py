"""The admin's list of cases: what it shows, its filters, and its queries.

Every form post is built from the page's own context (tests.admin_forms), so the tests send
what a browser would.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.admin.case import CaseAdmin
from cases.models import (
    Case,
    ViolationLabel,
)
from cases.services import appeal_issue
from defenders.models import Defender
from tests.cases.admin_support import (
    a_case_with_records,
    changelist,
)
from tests.factories import (
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    HearingFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db


# --- Case: list -----------------------------------------------------------------------------


def test_case_list_shows_reference_defenders_next_hearing_and_days_detained(
    admin_client_, time_machine
):
    time_machine.move_to(dt.datetime(2025, 4, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    case = a_case_with_records()
    Case.objects.filter(pk=case.pk).update(reference="KGZ 001 / 0425 / OBS 001")

    response = admin_client_.get(changelist(Case))

    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert row.pk == case.pk
    content = response.content.decode()
    assert "KGZ 001 / 0425 / OBS 001" in content
    assert "Aigerim Dzhaksybekova" in content
    assert "April 22, 2025, 2 p.m. (Asia/Bishkek)" in content
    assert "since March 28, 2025 (23 days)" in content


def test_case_list_shows_the_next_hearing_in_the_court_time_zone(admin_client_, time_machine):
    time_machine.move_to(dt.datetime(2025, 4, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    case = CaseFactory(time_zone="Europe/Moscow")
    HearingFactory(case=case, local_date=dt.date(2025, 4, 22), local_time=dt.time(14, 0))

    content = admin_client_.get(changelist(Case)).content.decode()

    assert "April 22, 2025, 2 p.m. (Asia/Bishkek)" in content


def _cases_with_defenders_in_detention(count: int) -> None:
    for _ in range(count):
        case = CaseFactory()
        for _ in range(2):
            defender = DefenderFactory()
            case.defenders.add(defender)
            DetentionPeriodFactory(case=case, defender=defender)
        HearingFactory(case=case, local_date=dt.date(2099, 1, 1))


def _queries_to_list_all_cases(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist(Case) + "?all=")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == Case.objects.count()
    return len(queries)


@pytest.mark.slow
def test_case_list_takes_the_same_number_of_queries_for_10_and_40_cases(admin_client_):
    _cases_with_defenders_in_detention(10)
    with_10 = _queries_to_list_all_cases(admin_client_)
    # 30 more: a query per row would show as 30 more queries (all on one page, ?all=).
    _cases_with_defenders_in_detention(30)
    with_40 = _queries_to_list_all_cases(admin_client_)

    assert with_10 == with_40


def test_case_list_sorts_by_next_hearing(admin_client_):
    later, sooner, none = CaseFactory(), CaseFactory(), CaseFactory()
    HearingFactory(case=later, local_date=dt.date(2099, 6, 1))
    HearingFactory(case=sooner, local_date=dt.date(2099, 1, 1))
    column = CaseAdmin.list_display.index("next_hearing") + 1

    ascending = admin_client_.get(changelist(Case), {"o": str(column)})
    descending = admin_client_.get(changelist(Case), {"o": f"-{column}"})

    assert list(ascending.context["cl"].result_list) == [sooner, later, none]
    assert list(descending.context["cl"].result_list) == [none, later, sooner]


def test_case_search_finds_a_defender_by_name_in_local_script(admin_client_):
    case = a_case_with_records()
    CaseFactory(title="Another case")

    response = admin_client_.get(changelist(Case), {"q": "Айгерим"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_search_finds_the_title(admin_client_):
    case = CaseFactory(title="Colombia: Threats and raid against a land rights defender")
    CaseFactory()

    response = admin_client_.get(changelist(Case), {"q": "land rights"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_search_accepts_an_archived_spelling_of_a_followup_reference(admin_client_, editor):
    case = CaseFactory(country="RU", time_zone="Europe/Moscow")
    for _ in range(4):
        appeal_issue(
            appeal=issuable_appeal(case=case), acting_user=editor, issue_date=dt.date(2018, 1, 9)
        )
    CaseFactory()
    assert case.appeals.get(sequence=3).reference == "RUS 001 / 0118 / OBS 001.3"

    response = admin_client_.get(changelist(Case), {"q": "RUS 001 /0118 / OBS 001.03"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_filter_on_defender_situation_lists_a_case_once(admin_client_):
    case = CaseFactory()
    case.defenders.add(
        DefenderFactory(situation=Defender.Situation.PRE_TRIAL_DETENTION),
        DefenderFactory(situation=Defender.Situation.PRE_TRIAL_DETENTION),
    )
    CaseFactory().defenders.add(DefenderFactory())

    response = admin_client_.get(changelist(Case), {"situation": "pre_trial_detention"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_filter_on_violation_label(admin_client_):
    label = ViolationLabel.objects.get(name="Arbitrary detention")
    case = CaseFactory()
    case.violations.add(label)
    CaseFactory()

    response = admin_client_.get(changelist(Case), {"violations__id__exact": label.pk})

    assert list(response.context["cl"].result_list) == [case]


def test_case_country_filter_offers_only_the_countries_of_cases(admin_client_):
    CaseFactory(country="KG")
    CaseFactory(country="CO", time_zone="America/Bogota")

    response = admin_client_.get(changelist(Case), {"country": "CO"})

    country_filter = response.context["cl"].filter_specs[0]
    assert [choice["display"] for choice in country_filter.choices(response.context["cl"])] == [
        "All",
        "Colombia",
        "Kyrgyzstan",
    ]
    assert [c.country.code for c in response.context["cl"].result_list] == ["CO"]
