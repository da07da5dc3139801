"""The case screen's summary per defender (cases.selectors.case_defender_summaries): each
defender's measures, the charges against them and the decisions concerning them, in words, in a
constant number of queries; and the admin's case page that shows it above the forms."""

import datetime as dt

import pytest

from cases.dates import Precision, UncertainDate
from cases.detention import measure_days, measure_days_text, measure_period_text
from cases.models import Case, DetentionPeriod
from cases.selectors import (
    ChargeLine,
    MeasureLine,
    RulingLine,
    case_defender_summaries,
)
from tests.admin_forms import page_errors
from tests.cases.admin_support import a_case_in_court, add_url, change_url, edit
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
)

TODAY = dt.date(2026, 1, 10)
# The summary reads: defenders, their custody on every case, this case's measures, charges
# (with their defenders and replacements), rulings (with their sentence parts).
QUERIES = 8


def _by_name(summaries) -> dict:
    return {summary.name: summary for summary in summaries}


# --- The words of one measure (cases.detention) ---------------------------------------------


def test_a_measure_that_ended_reads_from_its_start_to_its_end():
    start, end = (
        UncertainDate.exact(dt.date(2025, 3, 14)),
        UncertainDate.exact(dt.date(2025, 3, 29)),
    )

    assert measure_period_text(start=start, end=end, today=TODAY) == (
        "from March 14, 2025 to March 29, 2025"
    )


def test_a_running_measure_reads_since_its_start_as_precise_as_the_source():
    start = UncertainDate.normalised(dt.date(2019, 3, 1), Precision.MONTH)

    assert measure_period_text(start=start, end=None, today=TODAY) == "since March 2019"


def test_a_measure_that_started_between_two_days_says_so():
    start = UncertainDate(dt.date(2025, 4, 1), dt.date(2025, 4, 3), Precision.RANGE)

    assert measure_period_text(start=start, end=None, today=TODAY) == (
        "started between 1 and 3 April 2025"
    )


def test_a_measure_not_begun_reads_from_its_start():
    start = UncertainDate.exact(dt.date(2026, 2, 1))

    assert measure_period_text(start=start, end=None, today=TODAY) == "from Feb. 1, 2026"
    assert measure_days(start=start, end=None, closed_on=None, today=TODAY) is None


def test_days_of_a_measure_from_an_uncertain_start_are_a_lower_bound():
    start = UncertainDate.normalised(dt.date(2025, 3, 1), Precision.MONTH)
    end = UncertainDate.exact(dt.date(2025, 9, 10))

    # From the last day of March.
    assert measure_days(start=start, end=end, closed_on=None, today=TODAY) == (163, True)
    assert measure_days_text(163, True) == "at least 163 days"


def test_days_of_a_measure_left_open_stop_at_the_closing_of_its_case():
    start = UncertainDate.exact(dt.date(2025, 3, 14))

    assert measure_days(start=start, end=None, closed_on=dt.date(2025, 3, 24), today=TODAY) == (
        10,
        False,
    )
    assert measure_days_text(1, False) == "1 day"


# --- The summary ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_defender_of_the_case_has_a_summary_in_name_order():
    court = a_case_in_court()

    summaries = case_defender_summaries(case=court.case, today=TODAY)

    assert [s.name for s in summaries] == [
        "Aida Sultanbekova",
        "Nurlan Abdykadyrov",
        "Temir Osmonov",
    ]
    assert [s.defender_id for s in summaries] == [court.aida.pk, court.nurlan.pk, court.temir.pk]


@pytest.mark.django_db
def test_a_defender_summary_states_every_measure_charge_and_decision():
    court = a_case_in_court()

    temir = _by_name(case_defender_summaries(case=court.case, today=TODAY))["Temir Osmonov"]

    assert temir.situation == "At liberty"
    assert temir.detention == ""
    assert temir.measures == [
        MeasureLine(
            kind="Administrative detention",
            period="from March 14, 2025 to March 29, 2025",
            as_printed="",
            place="Temporary detention facility of the Osh police",
            conditions="",
            state="ended",
            term="",
            days="15 days",
        ),
        MeasureLine(
            kind="Judicial control",
            period="started between 1 and 3 April 2025",
            as_printed="",
            place="",
            conditions="reporting to the police weekly",
            state="running",
            term="",
            days="",
        ),
    ]
    assert temir.charges == [
        ChargeLine(
            charge="Code of Administrative Offences, art. 66 (violation of the rules of holding a "
            "gathering)",
            proceeding="Administrative proceeding",
            status="Decided by a court",
            jointly_with="",
        )
    ]
    assert temir.rulings == [
        RulingLine(
            decision="First instance, March 14, 2025, Leninsky District Court of Osh",
            proceeding="Administrative proceeding",
            outcome="Convicted",
            sentence="Administrative detention, 15 days",
            requested="",
        )
    ]


@pytest.mark.django_db
def test_continuous_custody_is_counted_as_one_detention_and_each_measure_has_its_days():
    court = a_case_in_court()

    nurlan = _by_name(case_defender_summaries(case=court.case, today=TODAY))["Nurlan Abdykadyrov"]

    # Police custody, remand and imprisonment ran on from one another: one detention.
    assert nurlan.detention == "Detained since March 14, 2025 (302 days)"
    assert [(m.kind, m.period, m.state, m.days) for m in nurlan.measures] == [
        ("Police custody", "from March 14, 2025 to March 16, 2025", "ended", "2 days"),
        ("Pre-trial detention", "from March 16, 2025 to Sept. 10, 2025", "ended", "178 days"),
        ("Imprisonment after conviction", "since Sept. 10, 2025", "running", "122 days"),
    ]


@pytest.mark.django_db
def test_a_month_only_start_is_shown_as_printed_and_its_days_are_a_lower_bound():
    court = a_case_in_court()

    aida = _by_name(case_defender_summaries(case=court.case, today=TODAY))["Aida Sultanbekova"]

    house_arrest, travel_ban = aida.measures
    assert house_arrest.period == "from March 2025 to Sept. 10, 2025"
    assert house_arrest.as_printed == "in March"
    assert house_arrest.days == "at least 163 days"
    assert house_arrest.details == [
        "from March 2025 to Sept. 10, 2025",
        "as printed: in March",
        "her home in Osh",
        "ended",
        "at least 163 days",
    ]
    # Not custody: no days detained; a term of three years from 10 September 2025.
    assert (travel_ban.kind, travel_ban.state, travel_ban.term, travel_ban.days) == (
        "Travel ban",
        "running",
        "term runs out on Sept. 10, 2028",
        "",
    )


@pytest.mark.django_db
def test_a_joint_charge_is_listed_for_each_of_its_defenders_with_the_other_named():
    court = a_case_in_court()

    summaries = _by_name(case_defender_summaries(case=court.case, today=TODAY))

    replaced = ChargeLine(
        charge="Criminal Code, art. 278 (mass riots)",
        proceeding="criminal case No. 0417-25",
        status="replaced on May 5, 2025 by Criminal Code, art. 330 (incitement to social "
        "discord); membership of an illegal group",
        jointly_with="Aida Sultanbekova",
    )
    assert summaries["Nurlan Abdykadyrov"].charges[0] == replaced
    assert summaries["Aida Sultanbekova"].charges[0].jointly_with == "Nurlan Abdykadyrov"
    assert [c.charge for c in summaries["Nurlan Abdykadyrov"].charges] == [
        "Criminal Code, art. 278 (mass riots)",
        "Criminal Code, art. 330 (incitement to social discord)",
        "membership of an illegal group",
    ]
    assert [c.charge for c in summaries["Aida Sultanbekova"].charges] == [
        "Criminal Code, art. 278 (mass riots)",
        "Criminal Code, art. 330 (incitement to social discord)",
    ]


@pytest.mark.django_db
def test_decisions_give_the_sentence_from_its_parts_and_the_one_requested():
    court = a_case_in_court()

    summaries = _by_name(case_defender_summaries(case=court.case, today=TODAY))

    assert summaries["Nurlan Abdykadyrov"].rulings == [
        RulingLine(
            decision="First instance, Sept. 10, 2025, Osh City Court",
            proceeding="criminal case No. 0417-25",
            outcome="Convicted",
            sentence="Imprisonment, 7 years; Fine, 100000 KGS",
            requested="Imprisonment, 9 years",
        ),
        RulingLine(
            decision="Appeal, Nov. 20, 2025, Osh Regional Court",
            proceeding="criminal case No. 0417-25",
            outcome="Upheld",
            sentence="",
            requested="",
        ),
    ]
    assert [(r.outcome, r.sentence) for r in summaries["Aida Sultanbekova"].rulings] == [
        (
            "Convicted",
            "Imprisonment, 5 years, suspended for 3 years; Ban on an activity (social "
            "activities), 3 years, for the charge Criminal Code, art. 330 (incitement to social "
            "discord)",
        ),
        ("Reduced", "Imprisonment, 3 years, suspended for 2 years"),
    ]


@pytest.mark.django_db
def test_a_defender_with_nothing_recorded_has_an_empty_summary():
    case = CaseFactory()
    case.defenders.add(DefenderFactory(full_name="Gulnara Toktosunova"))

    (summary,) = case_defender_summaries(case=case, today=TODAY)

    assert (summary.name, summary.measures, summary.charges, summary.rulings) == (
        "Gulnara Toktosunova",
        [],
        [],
        [],
    )


@pytest.mark.django_db
def test_a_measure_left_open_on_a_closed_case_says_so_and_stops_counting():
    case = CaseFactory(status=Case.Status.CLOSED, closed_on=dt.date(2025, 6, 1))
    defender = DefenderFactory(full_name="Bakyt Asanov")
    case.defenders.add(defender)
    DetentionPeriodFactory(case=case, defender=defender, start_date=dt.date(2025, 5, 1))

    (summary,) = case_defender_summaries(case=case, today=TODAY)

    (measure,) = summary.measures
    assert measure.state == "no end recorded; the case was closed on June 1, 2025"
    assert measure.days == "31 days"
    assert summary.detention == (
        "Detained from May 1, 2025 until the case was closed on June 1, 2025 (31 days)"
    )


@pytest.mark.django_db
def test_days_detained_leave_out_a_restricted_case_hidden_from_the_reader(editor):
    court = a_case_in_court()
    hidden = CaseFactory(is_restricted=True)
    hidden.defenders.add(court.temir)
    DetentionPeriodFactory(case=hidden, defender=court.temir, start_date=dt.date(2025, 12, 1))

    as_editor = _by_name(case_defender_summaries(case=court.case, user=editor, today=TODAY))
    as_everyone = _by_name(case_defender_summaries(case=court.case, today=TODAY))

    assert as_editor["Temir Osmonov"].detention == ""
    assert as_everyone["Temir Osmonov"].detention == "Detained since Dec. 1, 2025 (40 days)"
    # The measures listed are this case's either way.
    assert len(as_editor["Temir Osmonov"].measures) == 2


@pytest.mark.django_db
def test_the_summary_takes_the_same_few_queries_however_many_records(
    django_assert_num_queries,
):
    court = a_case_in_court()
    with django_assert_num_queries(QUERIES):
        case_defender_summaries(case=court.case, today=TODAY)

    # Twice the defenders, and more charges and measures for each.
    for n in range(3):
        defender = DefenderFactory(full_name=f"Defender {n}")
        court.case.defenders.add(defender)
        ChargeFactory(case=court.case, defender=defender, article=f"{300 + n}")
        DetentionPeriodFactory(
            case=court.case, defender=defender, kind=DetentionPeriod.Kind.PRE_TRIAL
        )
    with django_assert_num_queries(QUERIES):
        summaries = case_defender_summaries(case=court.case, today=TODAY)
    assert len(summaries) == 6


# --- The admin's case page -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_shows_a_block_per_defender_above_the_forms(editor_client):
    court = a_case_in_court()

    response = editor_client.get(change_url(court.case))

    assert response.status_code == 200
    content = response.content.decode()
    summary = content[content.index('class="module defender-summaries"') :]
    summary = summary[: summary.index("</details>")]
    assert summary.count('<section class="defender-summary"') == 3
    for name in ("Nurlan Abdykadyrov", "Aida Sultanbekova", "Temir Osmonov"):
        assert f">{name}</a>" in summary
    assert "Detained since March 14, 2025" in summary
    assert '<span class="summary-detail">requested: Imprisonment, 9 years</span>' in summary
    assert '<span class="summary-detail">jointly with Aida Sultanbekova</span>' in summary
    assert '<span class="summary-detail">as printed: in March</span>' in summary
    # Above the case's own fields and the inlines that edit the same records.
    assert content.index("defender-summaries") < content.index('name="title"')
    assert content.index("defender-summaries") < content.index('id="proceedings-group"')


@pytest.mark.django_db
def test_a_refused_save_shows_the_summary_of_the_case_as_stored(editor_client):
    court = a_case_in_court()
    post = edit(editor_client, court.case)
    post.set(time_zone="Asia/Osh")  # no such time zone: the save is refused

    response = editor_client.post(change_url(court.case), post.data)

    assert page_errors(response)["form"] == {
        "time_zone": ["Asia/Osh is not an IANA time zone name such as Asia/Bishkek."]
    }
    assert response.content.decode().count('<section class="defender-summary"') == 3


@pytest.mark.django_db
def test_the_add_page_has_no_summary(editor_client):
    response = editor_client.get(add_url(Case))

    assert response.status_code == 200
    assert "defender-summaries" not in response.content.decode()
