"""The staff workspace (the admin's index): each block's rows checked against the database,
restricted cases hidden from staff not assigned to them, and the page refused to anyone but
staff who passed the second factor."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.dates import local_today
from cases.models import Case, Hearing
from cases.selectors import defender_detention, defender_list
from reminders.models import Reminder, Subscription
from tests.factories import AppealFactory, CaseFactory, HearingFactory
from tests.workspace.support import days_ago, held_defender, restricted_case
from workspace import selectors

pytestmark = pytest.mark.django_db


def _hearing_in(days: float, **kwargs) -> Hearing:
    """Return a scheduled hearing `days` from now (in the court's time zone, Bishkek)."""
    starts = timezone.now() + dt.timedelta(days=days)
    local = starts.astimezone(dt.timezone(dt.timedelta(hours=6)))
    return HearingFactory(
        local_date=local.date(), local_time=local.time().replace(microsecond=0), **kwargs
    )


def _titles(block) -> list[str]:
    return [row.title for row in block.rows]


# --- Hearings -------------------------------------------------------------------------------


def test_a_hearing_in_10_days_shows_and_one_in_20_days_does_not(editor):
    soon = _hearing_in(10, court="City Court No. 2 of Osh")
    _hearing_in(20)
    _hearing_in(-1)
    _hearing_in(5, status=Hearing.Status.CANCELLED)

    assert list(selectors.hearings_ahead(user=editor)) == [soon]


def test_a_hearing_on_a_restricted_case_shows_only_to_staff_assigned_to_it(editor, viewer):
    case = restricted_case()
    case.assigned_staff.add(viewer)
    hearing = _hearing_in(3, case=case)

    assert list(selectors.hearings_ahead(user=editor)) == []
    assert list(selectors.hearings_ahead(user=viewer)) == [hearing]


# --- Defenders detained ---------------------------------------------------------------------


def test_days_detained_are_the_selectors_figure(editor):
    today = local_today(timezone.get_default_timezone_name())
    case = CaseFactory()
    long_held = held_defender(case=case, since=today - dt.timedelta(days=191), name="Aida Long")
    held = held_defender(case=case, since=today - dt.timedelta(days=12), name="Temir Short")
    released = held_defender(case=case, since=today - dt.timedelta(days=40), name="Nurlan Free")
    released.detention_periods.update(actual_end=today - dt.timedelta(days=2))

    rows = selectors.defenders_detained(user=editor, today=today)

    assert [row.defender for row in rows] == [long_held, held]
    expected = {
        d.pk: defender_detention(defender=d, today=today) for d in defender_list(user=editor)
    }
    assert [row.detention.days for row in rows] == [191, 12]
    assert [row.detention for row in rows] == [expected[long_held.pk], expected[held.pk]]


def test_a_detention_on_a_restricted_case_is_not_counted_for_others(editor, superuser):
    today = local_today(timezone.get_default_timezone_name())
    held = held_defender(case=restricted_case(), since=today - dt.timedelta(days=30))

    assert selectors.defenders_detained(user=editor, today=today) == []
    assert [row.defender for row in selectors.defenders_detained(user=superuser, today=today)] == [
        held
    ]


def test_a_defender_still_held_when_the_case_was_closed_is_not_detained_now(editor):
    today = local_today(timezone.get_default_timezone_name())
    case = CaseFactory()
    held_defender(case=case, since=today - dt.timedelta(days=30))
    Case.objects.filter(pk=case.pk).update(closed_on=today - dt.timedelta(days=3))

    assert selectors.defenders_detained(user=editor, today=today) == []


# --- Appeals in review, quiet cases ----------------------------------------------------------


def test_appeals_in_review_are_the_drafts(editor):
    draft = AppealFactory()
    AppealFactory(issue_date=dt.date(2025, 4, 14), issued_at=timezone.now())
    AppealFactory(case=restricted_case())

    assert list(selectors.appeals_in_review(user=editor)) == [draft]


def test_a_case_not_changed_for_30_days_is_quiet(editor):
    quiet = CaseFactory(title="Quiet case")
    busy = CaseFactory(title="Busy case")
    hearing_changed = CaseFactory(title="Hearing changed yesterday")
    closed = CaseFactory(title="Closed case", status=Case.Status.CLOSED)
    hidden = restricted_case(title="Restricted quiet case")
    HearingFactory(case=hearing_changed)
    Case.objects.filter(pk__in=[quiet.pk, hearing_changed.pk, closed.pk, hidden.pk]).update(
        updated_at=days_ago(45)
    )
    Case.objects.filter(pk=busy.pk).update(updated_at=days_ago(29))

    assert [case.title for case in selectors.cases_quiet(user=editor)] == ["Quiet case"]


# --- Reminders and what one follows ---------------------------------------------------------


def _reminder(*, user, case, state=Reminder.State.PENDING, n=0) -> Reminder:
    return Reminder.objects.create(
        dedupe_key=f"test:{user.pk}:{case.pk}:{n}",
        kind=Reminder.Kind.HEARING_UPCOMING,
        channel=Reminder.Channel.EMAIL,
        state=state,
        case=case,
        user=user,
        occurs_at=timezone.now() + dt.timedelta(days=3),
        due_at=timezone.now() + dt.timedelta(days=2, hours=n),
    )


def test_my_reminders_are_mine_and_still_to_send(editor, viewer):
    case = CaseFactory()
    mine = _reminder(user=editor, case=case)
    _reminder(user=editor, case=case, state=Reminder.State.SENT, n=1)
    _reminder(user=viewer, case=case, n=2)
    _reminder(user=editor, case=restricted_case(), n=3)

    assert list(selectors.workspace_blocks(user=editor)["reminders"].rows) == [mine]


def test_what_i_follow_is_mine_and_visible_to_me(editor, viewer):
    followed = CaseFactory(title="Followed")
    Subscription.objects.create(user=editor, case=followed)
    Subscription.objects.create(user=editor, country="KZ")
    Subscription.objects.create(user=viewer, case=CaseFactory())
    Subscription.objects.create(user=editor, case=restricted_case())

    blocks = selectors.workspace_blocks(user=editor)

    assert [s.case for s in blocks["followed_cases"].rows] == [followed]
    assert [s.country.code for s in blocks["followed_countries"].rows] == ["KZ"]


# --- The page -------------------------------------------------------------------------------


def test_the_admin_index_opens_on_the_workspace_with_links_to_the_records(editor_client):
    hearing = _hearing_in(4, court="City Court No. 2 of Osh")
    draft = AppealFactory(case=hearing.case)

    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="workspace"' in content
    assert "Hearings in the next 14 days" in content
    assert "City Court No. 2 of Osh" in content
    assert reverse("admin:cases_hearing_change", args=[hearing.pk]) in content
    assert reverse("admin:cases_appeal_change", args=[draft.pk]) in content
    assert reverse("workspace:dashboard") in content
    # Django's own list of apps is still there, below.
    assert 'id="content-main"' in content
    assert reverse("admin:cases_case_changelist") in content


def test_the_workspace_shows_days_detained(editor_client):
    today = local_today(timezone.get_default_timezone_name())
    held_defender(case=CaseFactory(), since=today - dt.timedelta(days=191), name="Aida Long")

    content = editor_client.get(reverse("admin:index")).content.decode()

    assert "Aida Long" in content
    assert "(191 days)" in content


def test_the_workspace_hides_restricted_cases(editor_client):
    case = restricted_case(title="A case nobody else may know of")
    _hearing_in(2, case=case)
    AppealFactory(case=case)

    content = editor_client.get(reverse("admin:index")).content.decode()

    assert "A case nobody else may know of" not in content


def test_the_workspace_reads_a_bounded_number_of_queries(editor_client, editor):
    def queries_for_rows() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(reverse("admin:index")).status_code == 200
        return len(queries)

    today = local_today(timezone.get_default_timezone_name())
    case = CaseFactory()
    held_defender(case=case, since=today - dt.timedelta(days=20))
    _hearing_in(2, case=case)
    AppealFactory(case=case)
    Subscription.objects.create(user=editor, case=case)
    one = queries_for_rows()
    for n in range(5):
        other = CaseFactory()
        held_defender(case=other, since=today - dt.timedelta(days=20 + n))
        _hearing_in(3 + n, case=other)
        AppealFactory(case=other)
        Subscription.objects.create(user=editor, case=other)
        _reminder(user=editor, case=other, n=n)
    _reminder(user=editor, case=case, n=9)

    assert queries_for_rows() == one


@pytest.mark.parametrize("who", ["anonymous", "outsider", "staff_without_second_factor"])
def test_the_workspace_and_dashboard_are_refused_to_all_but_verified_staff(
    client, who, outsider, editor
):
    if who == "outsider":
        client.force_login(outsider)
    elif who == "staff_without_second_factor":
        client.force_login(editor)
    AppealFactory(case=CaseFactory(title="Kept from strangers"))

    for url in (
        reverse("admin:index"),
        reverse("workspace:dashboard"),
        reverse("workspace:chart_csv", args=["cases-by-country"]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
        assert b"Kept from strangers" not in response.content
