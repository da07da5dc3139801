"""Restrictive measures as the appeals tell them: uncertain dates ("in March 2019"), measures
besides detention, terms stated by their end, extensions of unknown length, continuous custody
across a gap, and days detained that stop at a case's closing."""

import datetime as dt

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from cases.dates import UncertainDate
from cases.detention import Span, continuous_detention, detention_text
from cases.models import Case, DetentionPeriod
from cases.selectors import defender_detention
from cases.services import case_set_status
from tests.factories import CaseFactory, DefenderFactory, DetentionPeriodFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def _case_with(defender, *periods, events=()) -> dict:
    return {
        "country": "KG",
        "time_zone": "Asia/Bishkek",
        "title": "Kyrgyzstan: Judicial harassment of a lawyer",
        "defenders": [str(defender.pk)],
        "detention_periods": [{"defender": str(defender.pk), **p} for p in periods],
        "events": list(events),
    }


def test_a_month_only_arrest_is_recorded_shown_as_written_and_counted_as_a_lower_bound(
    editor_api, time_machine
):
    time_machine.move_to(dt.datetime(2019, 10, 1, 12, 0, tzinfo=dt.UTC))
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova")
    arrest = {
        "kind": "pre_trial_detention",
        "start_date": "2019-03",
        "start_date_as_printed": "in March 2019",
        "term_months": 2,
    }
    events = [
        {"date": "2012-autumn", "kind": "search", "description": "Her office was searched."},
        {"date": "2019-11-03/2019-11-09", "kind": "threat", "description": "Threats."},
    ]

    response = editor_api.post("/api/v1/cases/", _case_with(defender, arrest, events=events))

    assert response.status_code == 201, response.json()
    document = response.json()
    period = document["detention_periods"][0]
    assert {k: v for k, v in period.items() if k.startswith("start_date")} == {
        "start_date": "2019-03",
        "start_date_precision": "month",
        "start_date_earliest": "2019-03-01",
        "start_date_latest": "2019-03-31",
        "start_date_as_printed": "in March 2019",
    }
    # A term in months from a start that is no exact day runs out on a day nobody knows.
    assert period["term_ends_on"] is None
    # Counted from the last day the arrest can have been: 31 March to 1 October.
    assert period["days_held"] == 184
    assert [e["date"] for e in document["events"]] == ["2012-autumn", "2019-11-03/2019-11-09"]
    (held,) = document["defenders"]
    assert (held["detained_since"], held["days_detained"]) == ("2019-03", 184)
    assert held["days_detained_at_least"] is True and held["detained_until"] is None

    detention = defender_detention(defender=defender, time_zone="Asia/Bishkek")
    assert detention_text(detention) == "Detained since March 2019 (at least 184 days)"
    with translation.override("fr"):
        assert detention_text(detention) == "Détenu·e depuis mars 2019 (au moins 184 jours)"
        assert UncertainDate.parse("2012-autumn").text() == "automne 2012"
    with translation.override("ru"):
        assert UncertainDate.parse("2019-11-03/2019-11-09").text() == ("между 3 и 9 ноября 2019 г.")
    assert UncertainDate.parse("2019-11-03/2019-11-09").text() == "between 3 and 9 November 2019"
    assert UncertainDate.parse("2015~").text() == "about 2015"
    # An exact arrest reads as before.
    exact = continuous_detention([Span(D(2019, 5, 17), None)], today=D(2019, 10, 1))
    assert detention_text(exact) == "Detained since May 17, 2019 (137 days)"

    bad = _case_with(defender, {**arrest, "start_date": "2019-13"})
    response = editor_api.post("/api/v1/cases/", bad)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["detention_periods[0].start_date"]


def test_a_travel_ban_with_a_stated_end_and_extensions_of_unknown_length(editor_api):
    defender = DefenderFactory()
    ban = {
        "kind": "travel_ban",
        "start_date": "2020-01-10",
        "term_until": "2020-08-14",
        "conditions": "May not leave Kyrgyzstan.",
        "extensions": [{"ordered_on": "2020-08-10", "ordered_by": "Osh City Court"}],
    }

    response = editor_api.post("/api/v1/cases/", _case_with(defender, ban))

    assert response.status_code == 201, response.json()
    (period,) = response.json()["detention_periods"]
    assert (period["kind"], period["term_until"], period["conditions"]) == (
        "travel_ban",
        "2020-08-14",
        "May not leave Kyrgyzstan.",
    )
    # Extended for a length the source does not give: the term's end is no longer known.
    assert period["extensions"][0]["term_days"] is None
    assert period["term_ends_on"] is None
    # A travel ban holds nobody: it counts for nothing in days detained.
    assert response.json()["defenders"][0]["days_detained"] is None

    case_id = response.json()["id"]
    extensions = [*ban["extensions"], {"ordered_on": "2021-02-01", "until": "2021-08-14"}]
    response = editor_api.patch(
        f"/api/v1/cases/{case_id}/",
        {"detention_periods": [{"id": period["id"], "extensions": extensions}]},
    )
    assert response.status_code == 200, response.json()
    # An extension stated by its end gives the term's end again.
    assert response.json()["detention_periods"][0]["term_ends_on"] == "2021-08-14"
    assert DetentionPeriod.objects.get(case_id=case_id).term_ends_on == D(2021, 8, 14)


def test_a_measure_whose_start_is_not_given_or_is_no_date_is_recorded_without_one(editor_api):
    defender = DefenderFactory()
    administrative = {
        "kind": "administrative_detention",
        "term_days": 15,
        "actual_end": "2021-03-25",
    }
    ban = {
        "kind": "travel_ban",
        "start_date": None,
        "start_date_as_printed": "31 June 2022 [sic]",
        "conditions": "banned her from leaving the country",
    }

    response = editor_api.post("/api/v1/cases/", _case_with(defender, administrative, ban))

    assert response.status_code == 201, response.json()
    periods = {p["kind"]: p for p in response.json()["detention_periods"]}
    for kind in ("administrative_detention", "travel_ban"):
        start = {k: v for k, v in periods[kind].items() if k.startswith("start_date")}
        assert start == {
            "start_date": None,
            "start_date_precision": "unknown",
            "start_date_earliest": None,
            "start_date_latest": None,
            "start_date_as_printed": "31 June 2022 [sic]" if kind == "travel_ban" else "",
        }
    # Fifteen days from a day nobody knows: when they run out is not known either, and the
    # days held are not counted.
    assert periods["administrative_detention"]["term_ends_on"] is None
    assert periods["administrative_detention"]["days_held"] is None
    assert response.json()["defenders"][0]["days_detained"] is None
    assert defender_detention(defender=defender) is None
    assert str(DetentionPeriod.objects.get(kind="travel_ban")) == (
        f"Travel ban: {defender.full_name}, from ?"
    )


def test_periods_marked_continuous_count_as_one_stretch_across_a_gap_of_a_day():
    administrative = Span(D(2025, 3, 1), D(2025, 3, 10))
    remand = Span(D(2025, 3, 12), None)

    apart = continuous_detention([administrative, remand], today=D(2025, 4, 1))
    assert (apart.since, apart.days) == (D(2025, 3, 12), 20)

    remand = Span(D(2025, 3, 12), None, continues_previous=True)
    joined = continuous_detention([administrative, remand], today=D(2025, 4, 1))
    assert (joined.since, joined.days) == (D(2025, 3, 1), 31)


def test_days_detained_stop_at_a_closed_cases_closing_day(reviewer, time_machine):
    time_machine.move_to(dt.datetime(2020, 3, 1, 6, 0, tzinfo=dt.UTC))
    defender = DefenderFactory()
    case = CaseFactory(status=Case.Status.PUBLISHED, published_at=dt.datetime.now(dt.UTC))
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=D(2020, 1, 1))

    case_set_status(case=case, status=Case.Status.CLOSED, acting_user=reviewer)
    time_machine.move_to(dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.UTC))

    case.refresh_from_db()
    assert case.closed_on == D(2020, 3, 1)
    detention = defender_detention(defender=defender)
    assert (detention.since, detention.days, detention.until) == (
        D(2020, 1, 1),
        60,
        D(2020, 3, 1),
    )
    assert detention_text(detention) == (
        "Detained from Jan. 1, 2020 until the case was closed on March 1, 2020 (60 days)"
    )
    document = APIClient()
    document.force_authenticate(reviewer)
    body = document.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["closed_on"] == "2020-03-01"
    assert body["detention_periods"][0]["days_held"] == 60
    assert (body["defenders"][0]["days_detained"], body["defenders"][0]["detained_until"]) == (
        60,
        "2020-03-01",
    )

    case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=reviewer)
    case.refresh_from_db()
    assert case.closed_on is None
    assert defender_detention(defender=defender).days == 2192


def test_a_restricting_measure_of_unknown_start_reads_by_its_kind_and_term():
    from cases.detention import measure_text

    assert measure_text("Travel ban", None) == "Travel ban"
    from django.utils.formats import date_format

    until = dt.date(2026, 8, 14)
    assert measure_text("Travel ban", None, until) == f"Travel ban, until {date_format(until)}"
