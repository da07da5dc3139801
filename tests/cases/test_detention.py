"""The detention-days arithmetic: terms and extensions, consecutive and open periods, and
the local day in the case's time zone."""

import datetime as dt

import pytest

from cases.detention import Span, Term, continuous_detention, term_runs_out_on
from cases.selectors import case_list, case_longest_detention, defender_detention
from cases.services import detention_period_refresh_term
from tests.factories import (
    CaseFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
)

D = dt.date


def test_term_in_months_runs_out_the_same_day_of_the_month():
    assert term_runs_out_on(D(2025, 3, 28), Term(months=2), []) == D(2025, 5, 28)


def test_term_in_days():
    assert term_runs_out_on(D(2025, 3, 18), Term(days=10), []) == D(2025, 3, 28)


def test_month_term_from_the_31st_ends_on_the_last_day_of_a_short_month():
    assert term_runs_out_on(D(2025, 12, 31), Term(months=2), []) == D(2026, 2, 28)


def test_extensions_add_on_to_the_previous_end_of_term():
    ends = term_runs_out_on(D(2025, 3, 28), Term(months=2), [Term(months=2), Term(days=30)])
    assert ends == D(2025, 7, 28) + dt.timedelta(days=30)


def test_no_term_ordered_has_no_end_of_term():
    assert term_runs_out_on(D(2025, 3, 28), None, [Term(months=2)]) is None


def test_open_period_counts_days_since_its_start():
    detention = continuous_detention([Span(D(2025, 5, 17), None)], today=D(2025, 11, 24))
    assert (detention.since, detention.days) == (D(2025, 5, 17), 191)


def test_day_of_arrest_is_day_zero():
    assert continuous_detention([Span(D(2025, 5, 17), None)], today=D(2025, 5, 17)).days == 0


def test_administrative_then_pre_trial_detention_the_next_day_is_one_detention():
    spans = [Span(D(2025, 3, 18), D(2025, 3, 27)), Span(D(2025, 3, 28), None)]
    detention = continuous_detention(spans, today=D(2025, 4, 14))
    assert (detention.since, detention.days) == (D(2025, 3, 18), 27)


def test_held_since_a_start_no_source_gives_is_not_counted():
    assert continuous_detention([Span(None, None)], today=D(2025, 5, 17)) is None


def test_a_period_continuing_one_whose_start_is_unknown_is_not_counted_from_its_own_start():
    spans = [
        Span(None, D(2021, 3, 25)),
        Span(D(2021, 3, 26), None, continues_previous=True),
    ]
    assert continuous_detention(spans, today=D(2021, 5, 1)) is None


def test_a_period_of_unknown_start_that_ended_does_not_hide_a_later_detention():
    spans = [Span(None, D(2021, 1, 10)), Span(D(2021, 3, 26), None)]
    detention = continuous_detention(spans, today=D(2021, 4, 5))
    assert (detention.since, detention.days) == (D(2021, 3, 26), 10)


def test_a_term_stated_by_its_end_runs_out_then_without_a_start():
    assert term_runs_out_on(None, Term(until=D(2021, 8, 14)), []) == D(2021, 8, 14)
    assert term_runs_out_on(None, Term(days=15), []) is None


def test_consecutive_periods_on_the_same_day_are_one_detention():
    spans = [Span(D(2025, 3, 18), D(2025, 3, 28)), Span(D(2025, 3, 28), None)]
    assert continuous_detention(spans, today=D(2025, 4, 14)).since == D(2025, 3, 18)


def test_a_gap_of_more_than_a_day_starts_a_new_detention():
    spans = [Span(D(2025, 1, 10), D(2025, 1, 20)), Span(D(2025, 3, 1), None)]
    assert continuous_detention(spans, today=D(2025, 3, 11)).since == D(2025, 3, 1)


def test_periods_given_out_of_order_are_merged():
    spans = [Span(D(2025, 3, 28), None), Span(D(2025, 3, 18), D(2025, 3, 27))]
    assert continuous_detention(spans, today=D(2025, 4, 1)).since == D(2025, 3, 18)


def test_released_person_is_not_detained():
    spans = [Span(D(2025, 3, 18), D(2025, 3, 27)), Span(D(2025, 3, 28), D(2025, 5, 26))]
    assert continuous_detention(spans, today=D(2025, 6, 1)) is None


def test_released_today_is_no_longer_detained_today():
    assert (
        continuous_detention([Span(D(2025, 3, 28), D(2025, 5, 26))], today=D(2025, 5, 26)) is None
    )


def test_held_until_release_counts_up_to_today():
    detention = continuous_detention([Span(D(2025, 3, 28), D(2025, 5, 26))], today=D(2025, 5, 25))
    assert detention.days == 58


def test_a_period_starting_in_the_future_is_ignored():
    assert continuous_detention([Span(D(2025, 7, 1), None)], today=D(2025, 6, 1)) is None


def test_an_open_period_inside_a_chain_keeps_it_open():
    spans = [Span(D(2025, 1, 1), None), Span(D(2025, 1, 5), D(2025, 1, 10))]
    assert continuous_detention(spans, today=D(2025, 2, 1)).since == D(2025, 1, 1)


def test_no_periods_no_detention():
    assert continuous_detention([], today=D(2025, 2, 1)) is None


@pytest.mark.django_db
def test_term_ends_on_is_stored_with_its_extensions():
    period = DetentionPeriodFactory(start_date=D(2025, 3, 28), term_months=2)
    DetentionExtensionFactory(period=period, ordered_on=D(2025, 4, 22), term_months=2)

    detention_period_refresh_term(period=period)

    period.refresh_from_db()
    assert period.term_ends_on == D(2025, 7, 28)


@pytest.mark.django_db
def test_defender_detention_spans_periods_of_several_cases():
    defender = DefenderFactory()
    DetentionPeriodFactory(
        defender=defender,
        start_date=D(2025, 3, 18),
        actual_end=D(2025, 3, 27),
        term_days=10,
        term_months=None,
    )
    DetentionPeriodFactory(defender=defender, case=CaseFactory(), start_date=D(2025, 3, 28))

    detention = defender_detention(defender=defender, today=D(2025, 4, 14))

    assert (detention.since, detention.days) == (D(2025, 3, 18), 27)


@pytest.mark.django_db
def test_days_detained_count_the_local_day_of_the_case(time_machine):
    defender = DefenderFactory()
    case = CaseFactory(time_zone="Asia/Bishkek")
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=D(2025, 5, 17))
    # 19:00 UTC on 23 November is already 24 November in Bishkek (UTC+6), not yet in Bogotá.
    time_machine.move_to(dt.datetime(2025, 11, 23, 19, 0, tzinfo=dt.UTC))

    assert case_longest_detention(case=case).days == 191
    case.time_zone = "America/Bogota"
    assert case_longest_detention(case=case).days == 190


@pytest.mark.django_db
def test_case_list_gives_the_longest_current_detention_without_extra_queries(
    django_assert_num_queries,
):
    case = CaseFactory()
    short, long = DefenderFactory(), DefenderFactory()
    case.defenders.add(short, long)
    DetentionPeriodFactory(case=case, defender=short, start_date=D(2025, 5, 1))
    DetentionPeriodFactory(case=case, defender=long, start_date=D(2025, 3, 1))

    with django_assert_num_queries(3):
        listed = list(case_list())
        detention = case_longest_detention(case=listed[0], today=D(2025, 6, 1))

    assert detention.since == D(2025, 3, 1)
