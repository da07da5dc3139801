"""Detention periods and hearings on their own admin pages.

Every form post is built from the page's own context (tests.admin_forms), so the tests send
what a browser would.
"""

import datetime as dt

import pytest

from cases.models import (
    DetentionPeriod,
    Hearing,
    HearingMove,
)
from tests.admin_forms import AdminPost, assert_saved
from tests.cases.admin_support import (
    add_url,
    change_url,
    changelist,
    edit,
)
from tests.factories import (
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    HearingFactory,
)

pytestmark = pytest.mark.django_db


# --- Detention periods on their own ---------------------------------------------------------


def test_detention_period_list_loads(editor_client):
    DetentionPeriodFactory()

    response = editor_client.get(changelist(DetentionPeriod), {"ongoing": "yes"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_detention_period_add_page_creates_a_period_with_its_term(editor_client):
    case = CaseFactory()
    defender = DefenderFactory()
    post = AdminPost.from_page(editor_client.get(add_url(DetentionPeriod)))
    post.set(case=case, defender=defender, kind="administrative_detention", start_date="2025-03-18")
    post.set(term_days=15)

    assert_saved(editor_client.post(add_url(DetentionPeriod), post.data))

    period = DetentionPeriod.objects.get()
    assert (period.case, period.term_ends_on) == (case, dt.date(2025, 4, 2))


def test_detention_period_change_with_an_extension_moves_its_term(editor_client):
    period = DetentionPeriodFactory(start_date=dt.date(2025, 3, 28), term_months=2)
    post = edit(editor_client, period)
    post.set(place="Pre-trial detention centre No. 1, Bishkek")
    post.add_row("extensions", ordered_on="2025-05-20", term_months=1)

    assert_saved(editor_client.post(change_url(period), post.data))

    period.refresh_from_db()
    assert (period.place, period.term_ends_on) == (
        "Pre-trial detention centre No. 1, Bishkek",
        dt.date(2025, 6, 28),
    )


# --- Hearings on their own ------------------------------------------------------------------


def test_hearing_list_loads(editor_client):
    HearingFactory()

    response = editor_client.get(changelist(Hearing), {"when": "past"})

    assert response.status_code == 200
    assert "April 22, 2025 2 p.m. (Asia/Bishkek)" in response.content.decode()


def test_hearing_add_page_creates_a_hearing(editor_client):
    case = CaseFactory()
    post = AdminPost.from_page(editor_client.get(add_url(Hearing)))
    post.set(
        case=case,
        court="City Court No. 2 of Osh",
        local_date="2025-06-16",
        local_time="10:00",
        time_zone="Asia/Bishkek",
        purpose="trial_opening",
    )

    assert_saved(editor_client.post(add_url(Hearing), post.data))

    assert Hearing.objects.get().starts_at == dt.datetime(2025, 6, 16, 4, 0, tzinfo=dt.UTC)


def test_moving_a_hearing_on_its_page_keeps_the_move_and_its_reason(editor_client, editor):
    hearing = HearingFactory(local_date=dt.date(2025, 6, 16), local_time=dt.time(10, 0))
    post = edit(editor_client, hearing)
    post.set(local_time="11:30", move_reason="Moved to the afternoon session.")

    assert_saved(editor_client.post(change_url(hearing), post.data))

    move = HearingMove.objects.get()
    assert (move.from_time, move.to_time, move.reason, move.moved_by) == (
        dt.time(10, 0),
        dt.time(11, 30),
        "Moved to the afternoon session.",
        editor,
    )


def test_changing_a_hearing_outcome_is_no_move(editor_client):
    hearing = HearingFactory()
    post = edit(editor_client, hearing)
    post.set(status="held", outcome="Detention extended by two months.")

    assert_saved(editor_client.post(change_url(hearing), post.data))

    hearing.refresh_from_db()
    assert (hearing.status, HearingMove.objects.count()) == ("held", 0)
