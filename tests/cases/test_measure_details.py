"""Restrictive measures as the sources state them: the measure and its term as printed, a
term in years, reporting conditions, a breach, days held without any decision, the measure
one runs with, an end on a day no source gives, and what a notice left unstated."""

import datetime as dt

import pytest
from django.db.models import Value
from rest_framework.test import APIClient

from appeals_site.api.sql import json_object
from cases.detention import Span, continuous_detention
from cases.models import Case, DetentionPeriod
from letters.context import letter_context
from tests.admin_forms import AdminPost, assert_saved
from tests.cases.admin_support import change_url
from tests.factories import AppealFactory, CaseFactory, DefenderFactory, DetentionPeriodFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def _case_with(defender, *periods) -> dict:
    return {
        "country": "BY",
        "time_zone": "Europe/Minsk",
        "title": "Belarus: Judicial harassment of a lawyer",
        "defenders": [str(defender.pk)],
        "detention_periods": [{"defender": str(defender.pk), **p} for p in periods],
    }


def test_a_probation_in_years_runs_out_that_many_years_on_and_keeps_its_wording(editor_api):
    defender = DefenderFactory()
    probation = {
        "kind": "probation",
        "kind_as_printed": "probation",
        "start_date": "2022-01-20",
        "term_years": 2,
        "term_as_printed": "two years of probation",
    }

    response = editor_api.post("/api/v1/cases/", _case_with(defender, probation))

    assert response.status_code == 201, response.json()
    (period,) = response.json()["detention_periods"]
    assert (period["term_years"], period["term_as_printed"], period["term_ends_on"]) == (
        2,
        "two years of probation",
        "2024-01-20",
    )


def test_a_term_in_years_and_in_months_is_refused_naming_the_measure_and_nothing_changes(
    editor_api,
):
    defender = DefenderFactory()
    both = {"kind": "probation", "term_years": 2, "term_months": 3}

    response = editor_api.post("/api/v1/cases/", _case_with(defender, both))

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "detention_periods[0]": [
            "Give the term in years, in months, in days or by the date it runs to: one of them."
        ]
    }
    assert not Case.objects.exists()


def test_reporting_is_kept_as_a_number_a_unit_a_weekday_and_a_place(editor_api):
    defender = DefenderFactory()
    control = {
        "kind": "judicial_control",
        "start_date": "2022-07-04",
        "conditions": "report to the police station of the Nasimi district every Monday",
        "reporting_every": 1,
        "reporting_unit": "week",
        "reporting_weekday": "monday",
        "reporting_place": "police station of the Nasimi district",
        "reporting_as_printed": "every Monday",
    }

    response = editor_api.post("/api/v1/cases/", _case_with(defender, control))

    assert response.status_code == 201, response.json()
    (period,) = response.json()["detention_periods"]
    assert {k: v for k, v in period.items() if k.startswith("reporting")} == {
        "reporting_every": 1,
        "reporting_unit": "week",
        "reporting_weekday": "monday",
        "reporting_place": "police station of the Nasimi district",
        "reporting_as_printed": "every Monday",
    }


@pytest.mark.parametrize(
    ("reporting", "field", "message"),
    [
        (
            {"reporting_every": 15},
            "detention_periods[0].reporting_every",
            "Give how often the defender reports with its unit: every 1 week, every 15 days.",
        ),
        (
            {"reporting_every": 0, "reporting_unit": "day"},
            "detention_periods[0].reporting_every",
            "Ensure this value is greater than or equal to 1.",
        ),
        (
            {"reporting_weekday": "someday"},
            "detention_periods[0].reporting_weekday",
            '"someday" is not a valid choice.',
        ),
    ],
)
def test_reporting_that_does_not_read_is_refused_naming_the_field(
    editor_api, reporting, field, message
):
    defender = DefenderFactory()

    response = editor_api.post(
        "/api/v1/cases/", _case_with(defender, {"kind": "judicial_control", **reporting})
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert not DetentionPeriod.objects.exists()


def test_a_breach_and_days_held_without_a_decision_keep_their_dates_and_wording(editor_api):
    defender = DefenderFactory()
    remand = {
        "kind": "pre_trial_detention",
        "start_date": "2021-03-26",
        "legal_basis_gap_from": "2021-03-25",
        "legal_basis_gap_to": "2021-03-26",
        "legal_basis_gap_as_printed": "without any decision",
        "breach_date": "2021-03",
        "breach_date_as_printed": "in March",
        "breach_as_printed": "he did not report to the police station",
    }

    response = editor_api.post("/api/v1/cases/", _case_with(defender, remand))

    assert response.status_code == 201, response.json()
    (period,) = response.json()["detention_periods"]
    assert (period["breach_date"], period["breach_date_latest"], period["breach_as_printed"]) == (
        "2021-03",
        "2021-03-31",
        "he did not report to the police station",
    )
    assert (
        period["legal_basis_gap_from"],
        period["legal_basis_gap_to"],
        period["legal_basis_gap_as_printed"],
    ) == ("2021-03-25", "2021-03-26", "without any decision")

    backwards = {**remand, "legal_basis_gap_from": "2021-03-27"}
    response = editor_api.patch(
        f"/api/v1/cases/{response.json()['id']}/",
        {"detention_periods": [{"id": period["id"], **backwards}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "detention_periods[0].legal_basis_gap_to": ["The gap cannot end before it starts."]
    }
    assert DetentionPeriod.objects.get().legal_basis_gap_from == D(2021, 3, 25)


def test_a_measure_runs_with_another_of_the_same_case_only(editor_api):
    defender = DefenderFactory()
    probation = {"kind": "probation", "term_years": 2}
    ban = {"kind": "travel_ban", "conditions": "banned from leaving Belarus"}
    created = editor_api.post("/api/v1/cases/", _case_with(defender, probation, ban)).json()
    first, second = sorted(created["detention_periods"], key=lambda p: p["kind"])
    assert first["kind"] == "probation"
    other = editor_api.post(
        "/api/v1/cases/", _case_with(DefenderFactory(), {"kind": "probation"})
    ).json()
    elsewhere = other["detention_periods"][0]["id"]

    response = editor_api.patch(
        f"/api/v1/cases/{created['id']}/",
        {"detention_periods": [{"id": first["id"]}, {"id": second["id"], "runs_with": elsewhere}]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "detention_periods[1].runs_with": [f"Not a measure of this case: {elsewhere}."]
    }
    response = editor_api.patch(
        f"/api/v1/cases/{created['id']}/",
        {
            "detention_periods": [
                {"id": first["id"]},
                {"id": second["id"], "runs_with": first["id"]},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    ban_back = next(p for p in response.json()["detention_periods"] if p["id"] == second["id"])
    assert ban_back["runs_with"] == first["id"]


def test_a_house_arrest_ended_on_a_day_no_source_gives_no_longer_counts(editor_api):
    defender = DefenderFactory()
    house_arrest = {"kind": "house_arrest", "start_date": "2021-04-22", "term_months": 1}
    created = editor_api.post("/api/v1/cases/", _case_with(defender, house_arrest)).json()
    assert created["defenders"][0]["days_detained"] is not None

    response = editor_api.patch(
        f"/api/v1/cases/{created['id']}/",
        {
            "detention_periods": [
                {
                    "id": created["detention_periods"][0]["id"],
                    "ended": True,
                    "ended_as_printed": "is no longer under house arrest",
                }
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    (period,) = response.json()["detention_periods"]
    assert (period["ended"], period["actual_end"], period["ended_as_printed"]) == (
        True,
        None,
        "is no longer under house arrest",
    )
    assert response.json()["defenders"][0]["days_detained"] is None
    assert period["days_held"] is None


def test_a_measure_with_an_actual_end_has_ended():
    case = CaseFactory()
    defender = DefenderFactory()
    case.defenders.add(defender)
    period = DetentionPeriod(
        case=case, defender=defender, kind="travel_ban", actual_end=D(2013, 4, 5)
    )

    period.full_clean()

    assert period.ended is True


def test_days_detained_stop_at_an_end_no_source_dates_and_go_on_with_a_later_arrest():
    ended = Span.of(
        start_date=D(2021, 4, 22),
        start_date_latest=D(2021, 4, 22),
        start_date_precision="day",
        actual_end=None,
        continues_previous=False,
        closed_on=None,
        ended=True,
    )
    later = Span(D(2021, 9, 1), None)

    assert continuous_detention([ended], today=D(2021, 10, 1)) is None
    detention = continuous_detention([ended, later], today=D(2021, 10, 1))
    assert (detention.since, detention.days) == (D(2021, 9, 1), 30)


def test_a_notice_that_left_the_end_and_reason_unstated_is_kept_so(editor_api):
    defender = DefenderFactory()
    ban = {
        "kind": "travel_ban",
        "start_date": None,
        "start_date_as_printed": "31 June 2022 [sic]",
        "end_not_stated": True,
        "reason_not_stated": True,
        "unstated_as_printed": "The notice gave neither a reason nor an end date.",
    }

    response = editor_api.post("/api/v1/cases/", _case_with(defender, ban))

    assert response.status_code == 201, response.json()
    (period,) = response.json()["detention_periods"]
    assert (period["end_not_stated"], period["reason_not_stated"], period["ended"]) == (
        True,
        True,
        False,
    )
    assert period["unstated_as_printed"] == "The notice gave neither a reason nor an end date."


def test_an_object_of_more_fields_than_one_database_call_takes_is_built_whole():
    case = CaseFactory()
    fields = {f"field_{n:03d}": Value(n) for n in range(120)}

    (built,) = (
        Case.objects.filter(pk=case.pk)
        .annotate(built=json_object(**fields))
        .values_list("built", flat=True)
    )

    assert built == {f"field_{n:03d}": n for n in range(120)}


def test_the_admin_offers_only_the_case_s_measures_to_run_with_and_saves_the_link(
    editor_client,
):
    probation = DetentionPeriodFactory(kind="probation", start_date=D(2022, 1, 20))
    ban = DetentionPeriodFactory(
        case=probation.case, defender=probation.defender, kind="travel_ban"
    )
    elsewhere = DetentionPeriodFactory(kind="probation")
    page = editor_client.get(change_url(ban))
    choices = {
        str(c[0].value) for c in page.context["adminform"].form.fields["runs_with"].choices if c[0]
    }
    assert choices == {str(probation.pk), str(ban.pk)}
    assert str(elsewhere.pk) not in choices
    post = AdminPost.from_page(page)
    post.set(term_months="", term_days="", term_until="")
    post.set(runs_with=probation, term_years=2, term_as_printed="two years of probation")

    assert_saved(editor_client.post(change_url(ban), post.data))

    ban.refresh_from_db()
    assert (ban.runs_with, ban.term_years, ban.term_as_printed) == (
        probation,
        2,
        "two years of probation",
    )


def test_a_letter_no_longer_gives_a_ban_that_ended_on_a_day_no_source_gives():
    case = CaseFactory()
    defender = DefenderFactory(full_name="Maryna Sidarenka")
    case.defenders.add(defender)
    ban = DetentionPeriodFactory(
        case=case,
        defender=defender,
        kind="travel_ban",
        start_date=D(2021, 9, 1),
        term_months=None,
    )
    appeal = AppealFactory(case=case)

    def restrictions():
        context = letter_context(
            appeal=appeal, authorities=None, language="en", campaigner=None, today=D(2022, 3, 1)
        )
        return next(d["restrictions"] for d in context["defenders"])

    assert restrictions() == ["Travel ban since Sept. 1, 2021"]
    ban.ended = True
    ban.save()
    assert restrictions() == []
