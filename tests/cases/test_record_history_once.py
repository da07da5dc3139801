"""A record added on the case page is logged once, as created, with the defenders it
involves; not as created and then changed."""

import pytest

from cases.models import Event
from tests.admin_forms import assert_saved
from tests.cases.admin_support import a_case_with_records, change_url, edit

pytestmark = pytest.mark.django_db


def test_an_event_added_with_its_defenders_is_logged_once_as_created(editor_client, editor):
    case = a_case_with_records()
    defender = case.defenders.get()
    post = edit(editor_client, case)
    post.add_row(
        "events",
        date="2025-05-02",
        kind="search",
        description="The office was searched.",
        defenders=[str(defender.pk)],
    )

    assert_saved(editor_client.post(change_url(case), post.data))

    event = Event.objects.get(description="The office was searched.")
    rows = list(event.history.all())
    assert [(row.history_type, row.history_user) for row in rows] == [("+", editor)]
    assert [d.defender_id for d in rows[0].defenders.all()] == [defender.pk]
    assert list(event.defenders.all()) == [defender]
