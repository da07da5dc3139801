import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.dates import hearing_starts_at
from cases.models import HearingMove
from cases.services import hearing_save
from tests.factories import HearingFactory

pytestmark = pytest.mark.django_db


def test_local_time_is_converted_with_the_court_time_zone():
    starts_at = hearing_starts_at(
        local_date=dt.date(2025, 4, 22), local_time=dt.time(14, 0), time_zone="Asia/Bishkek"
    )
    assert starts_at == dt.datetime(2025, 4, 22, 8, 0, tzinfo=dt.UTC)


def test_summer_time_is_applied():
    winter = hearing_starts_at(
        local_date=dt.date(2025, 3, 29), local_time=dt.time(10, 0), time_zone="Europe/Paris"
    )
    summer = hearing_starts_at(
        local_date=dt.date(2025, 3, 31), local_time=dt.time(10, 0), time_zone="Europe/Paris"
    )
    assert (winter.hour, summer.hour) == (9, 8)


def test_a_time_skipped_when_clocks_go_forward_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        hearing_starts_at(
            local_date=dt.date(2025, 3, 30), local_time=dt.time(2, 30), time_zone="Europe/Paris"
        )
    assert excinfo.value.message_dict == {
        "local_time": [
            "02:30:00 does not exist on 2025-03-30 in Europe/Paris: the clocks move forward."
        ]
    }


def test_a_time_repeated_when_clocks_go_back_is_its_first_occurrence():
    starts_at = hearing_starts_at(
        local_date=dt.date(2025, 10, 26), local_time=dt.time(2, 30), time_zone="Europe/Paris"
    )
    assert starts_at == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)


def test_an_unknown_time_zone_names_the_field():
    with pytest.raises(ValidationError) as excinfo:
        hearing_starts_at(local_date=dt.date(2025, 1, 1), local_time=None, time_zone="Mars/Base")
    assert list(excinfo.value.message_dict) == ["time_zone"]


def test_hearing_is_shown_in_the_court_time_zone():
    hearing = HearingFactory(local_time=dt.time(14, 0), time_zone="Asia/Bishkek")
    assert hearing.local_starts_at.strftime("%Y-%m-%d %H:%M %Z") == "2025-04-22 14:00 +06"


def test_moving_a_hearing_keeps_where_it_was_and_why(editor):
    hearing = HearingFactory(local_date=dt.date(2025, 6, 16), local_time=dt.time(10, 0))
    hearing.local_date = dt.date(2025, 6, 30)
    hearing.local_time = dt.time(11, 30)

    hearing_save(hearing=hearing, acting_user=editor, move_reason="Judge on leave")

    move = HearingMove.objects.get(hearing=hearing)
    assert (move.from_date, move.from_time, move.to_date, move.to_time) == (
        dt.date(2025, 6, 16),
        dt.time(10, 0),
        dt.date(2025, 6, 30),
        dt.time(11, 30),
    )
    assert (move.reason, move.moved_by) == ("Judge on leave", editor)
    hearing.refresh_from_db()
    assert hearing.starts_at == dt.datetime(2025, 6, 30, 5, 30, tzinfo=dt.UTC)


def test_changing_the_outcome_is_no_move(editor):
    hearing = HearingFactory()
    hearing.outcome = "Detention extended by two months."

    hearing_save(hearing=hearing, acting_user=editor)

    assert not HearingMove.objects.exists()


def test_hearing_changes_are_in_its_history_with_the_acting_user(editor):
    hearing = HearingFactory()
    hearing.local_time = dt.time(15, 0)

    hearing_save(hearing=hearing, acting_user=editor, move_reason="Moved")

    latest = hearing.history.latest()
    assert (latest.history_user, latest.local_time) == (editor, dt.time(15, 0))
