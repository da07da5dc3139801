"""Restricted cases: seen only by the staff assigned to them and by administrators, everywhere
staff read cases (the admin and its record pages, autocomplete and history, the staff API,
exports and the calendar, reminders); a 404 for anyone else, as if the case did not exist.
Partners' and the public's views do not change."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals_site.audit.models import AuditEntry
from cases.models import Case, Hearing
from cases.selectors import cases_visible_to, defenders_visible_to
from cases.services import case_delete
from letters.models import Letter
from partners.services import partner_create
from reminders.models import Reminder, Subscription
from reminders.selectors import case_followers, case_recipients
from tests.api_clients import bearer_client, staff_api_client
from tests.conftest import staff_login
from tests.factories import (
    AppealFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SECRET_TITLE = "Kyrgyzstan: the case whose source nobody may know"
PUBLISHED_AT = dt.datetime(2025, 4, 14, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.fixture
def restricted(editor):
    """A restricted case with a hearing, a detention period, an appeal, a letter, a reminder
    and a subscription; `editor` is assigned to it."""
    case = CaseFactory(title=SECRET_TITLE, is_restricted=True)
    case.assigned_staff.add(editor)
    defender = DefenderFactory(full_name="Restricted Defender")
    case.defenders.add(defender)
    hearing = HearingFactory(case=case, court="Secret court")
    DetentionPeriodFactory(case=case, defender=defender)
    appeal = AppealFactory(case=case)
    Letter.objects.create(appeal=appeal, authority=AuthorityFactory(), language="en")
    Reminder.objects.create(
        dedupe_key="restricted-reminder",
        kind=Reminder.Kind.HEARING_UPCOMING,
        channel=Reminder.Channel.EMAIL,
        case=case,
        hearing=hearing,
        user=editor,
        occurs_at=hearing.starts_at,
        due_at=hearing.starts_at,
    )
    Subscription.objects.create(user=editor, case=case)
    return case


@pytest.fixture
def colleague(db):
    """Another editor, not assigned to the restricted case."""
    from django.contrib.auth.models import Group

    user = UserFactory(username="cleo-colleague", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def colleague_client(colleague):
    return staff_login(Client(), colleague)


# --- The selector -----------------------------------------------------------------------------


def test_the_selector_hides_restricted_cases_from_unassigned_staff_only(
    restricted, editor, colleague, superuser
):
    open_case = CaseFactory()
    assert set(cases_visible_to(colleague)) == {open_case}
    assert set(cases_visible_to(editor)) == {open_case, restricted}
    assert set(cases_visible_to(superuser)) == {open_case, restricted}


def test_the_selector_hides_a_defender_only_on_it_from_unassigned_staff_only(
    restricted, editor, colleague, viewer, superuser
):
    secret = restricted.defenders.get()
    on_open_case = DefenderFactory()
    CaseFactory().defenders.add(on_open_case)
    on_no_case = DefenderFactory()  # just recorded, not yet linked: seen by all staff
    restricted.defenders.add(on_open_case)  # on both kinds of case: seen

    assert set(defenders_visible_to(colleague)) == {on_open_case, on_no_case}
    assert set(defenders_visible_to(viewer)) == {on_open_case, on_no_case}
    assert set(defenders_visible_to(editor)) == {secret, on_open_case, on_no_case}
    assert set(defenders_visible_to(superuser)) == {secret, on_open_case, on_no_case}


def test_a_case_with_two_assigned_staff_is_listed_once(restricted, editor, reviewer):
    restricted.assigned_staff.add(reviewer)
    CaseFactory().assigned_staff.add(editor, reviewer)
    assert cases_visible_to(editor).count() == 2


# --- The admin --------------------------------------------------------------------------------


def test_unassigned_staff_do_not_see_it_in_the_case_list(restricted, colleague_client):
    CaseFactory(title="An ordinary case")
    page = colleague_client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert "An ordinary case" in page
    assert SECRET_TITLE not in page


def test_unassigned_staff_do_not_find_it_by_search(restricted, colleague_client):
    page = colleague_client.get(
        reverse("admin:cases_case_changelist"), {"q": "nobody may know"}
    ).content.decode()
    assert SECRET_TITLE not in page


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_its_pages_are_404_to_unassigned_staff(restricted, colleague_client, view):
    response = colleague_client.get(reverse(f"admin:cases_case_{view}", args=[restricted.pk]))
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()


def test_a_version_in_its_history_is_404_to_unassigned_staff(restricted, colleague_client):
    version = restricted.history.first()
    url = reverse("admin:cases_case_simple_history", args=[restricted.pk, version.history_id])
    assert colleague_client.get(url).status_code == 404


def test_a_case_that_does_not_exist_is_also_404(colleague_client):
    url = reverse("admin:cases_case_change", args=["7c1d8d1e-0b5e-4c1a-9b1e-3f0c1b2a9d4e"])
    assert colleague_client.get(url).status_code == 404


def test_unassigned_staff_cannot_delete_it_by_posting(restricted, colleague_client):
    url = reverse("admin:cases_case_delete", args=[restricted.pk])
    assert colleague_client.post(url, {"post": "yes"}).status_code == 404
    assert Case.objects.filter(pk=restricted.pk).exists()


def test_assigned_staff_open_it(restricted, editor_client):
    response = editor_client.get(reverse("admin:cases_case_change", args=[restricted.pk]))
    assert response.status_code == 200
    assert SECRET_TITLE in response.content.decode()


def test_an_administrator_opens_it_and_the_read_is_audited(restricted, admin_client_, superuser):
    response = admin_client_.get(reverse("admin:cases_case_change", args=[restricted.pk]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditEntry.Action.READ_RESTRICTED_CASE)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        superuser,
        "cases.case",
        str(restricted.pk),
    )
    assert entry.object_label == SECRET_TITLE
    assert entry.detail == {"via": "admin:case-change"}


def grant(user, *codenames):
    """Give `user` these permissions (the roles of 0002 predate letters and reminders)."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.mark.parametrize(
    "app,model",
    [
        ("cases", "hearing"),
        ("cases", "detentionperiod"),
        ("cases", "appeal"),
        ("letters", "letter"),
        ("reminders", "reminder"),
        ("reminders", "subscription"),
    ],
)
def test_its_records_are_not_listed_to_unassigned_staff(
    restricted, colleague, colleague_client, editor, app, model
):
    grant(colleague, f"view_{model}")
    grant(editor, f"view_{model}")
    url = reverse(f"admin:{app}_{model}_changelist")
    assert colleague_client.get(url).context["cl"].result_count == 0
    assigned = staff_login(Client(), editor)
    assert assigned.get(url).context["cl"].result_count == 1


@pytest.mark.parametrize(
    "model,record",
    [
        ("hearing", lambda case: case.hearings.get()),
        ("detentionperiod", lambda case: case.detention_periods.get()),
        ("appeal", lambda case: case.appeals.get()),
    ],
)
def test_its_records_pages_are_404_to_unassigned_staff(restricted, colleague_client, model, record):
    pk = record(restricted).pk
    for view in ("change", "history", "delete"):
        url = reverse(f"admin:cases_{model}_{view}", args=[pk])
        assert colleague_client.get(url).status_code == 404, view


def test_the_case_autocomplete_does_not_offer_it(restricted, colleague_client, editor_client):
    url = reverse("admin:autocomplete")
    query = {"app_label": "cases", "model_name": "hearing", "field_name": "case", "term": "Kyrg"}
    assert colleague_client.get(url, query).json()["results"] == []
    offered = editor_client.get(url, query).json()["results"]
    assert [r["id"] for r in offered] == [str(restricted.pk)]


def test_unassigned_staff_cannot_put_a_hearing_on_it(restricted, colleague_client):
    response = colleague_client.post(
        reverse("admin:cases_hearing_add"),
        {
            "case": str(restricted.pk),
            "court": "Another court",
            "local_date": "2030-01-10",
            "local_time": "10:00",
            "time_zone": "Asia/Bishkek",
            "purpose": Hearing.Purpose.TRIAL,
            "status": Hearing.Status.SCHEDULED,
        },
    )
    assert response.status_code == 200
    assert "case" in response.context["adminform"].form.errors
    assert restricted.hearings.count() == 1


def test_the_history_of_a_deleted_restricted_case_is_for_administrators(
    restricted, colleague_client, admin_client_, superuser
):
    pk = restricted.pk
    case_delete(case=restricted, acting_user=superuser)
    url = reverse("admin:cases_case_history", args=[pk])
    assert colleague_client.get(url).status_code == 404
    assert admin_client_.get(url).status_code == 200


def test_a_defenders_page_does_not_name_a_restricted_case(restricted, colleague_client):
    defender = restricted.defenders.get()
    page = colleague_client.get(
        reverse("admin:defenders_defender_change", args=[defender.pk])
    ).content.decode()
    assert SECRET_TITLE not in page


def test_the_upcoming_page_leaves_out_its_hearings(restricted, colleague, colleague_client, editor):
    grant(colleague, "view_reminder")
    grant(editor, "view_reminder")
    Hearing.objects.filter(case=restricted).update(starts_at=timezone.now() + dt.timedelta(days=3))
    url = reverse("admin:reminders_reminder_upcoming")
    assert "Secret court" not in colleague_client.get(url).content.decode()
    assert "Secret court" in staff_login(Client(), editor).get(url).content.decode()


# --- The staff API ----------------------------------------------------------------------------


def test_the_api_list_leaves_it_out_for_unassigned_staff(restricted, colleague, editor):
    CaseFactory()
    ids = [c["id"] for c in staff_api_client(colleague).get("/api/v1/cases/").json()["results"]]
    assert str(restricted.pk) not in ids and len(ids) == 1
    ids = [c["id"] for c in staff_api_client(editor).get("/api/v1/cases/").json()["results"]]
    assert str(restricted.pk) in ids


def test_the_api_detail_and_writes_are_404_for_unassigned_staff(restricted, colleague):
    client = staff_api_client(colleague)
    url = f"/api/v1/cases/{restricted.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"title": "Renamed"}, format="json").status_code == 404
    assert client.post(url + "appeals/", {}, format="json").status_code == 404
    restricted.refresh_from_db()
    assert restricted.title == SECRET_TITLE


def test_a_viewers_writes_are_404_as_for_a_case_that_does_not_exist(restricted, viewer):
    client = staff_api_client(viewer)
    nobody = "00000000-0000-4000-8000-000000000000"

    answers = [
        (
            client.patch(f"/api/v1/cases/{pk}/", {"title": "Renamed"}, format="json").status_code,
            client.post(f"/api/v1/cases/{pk}/appeals/", {}, format="json").status_code,
        )
        for pk in (restricted.pk, nobody)
    ]

    # "You may not change it" (403) would tell a viewer that the case is there.
    assert answers[0] == answers[1] == (404, 404)
    restricted.refresh_from_db()
    assert restricted.title == SECRET_TITLE


@pytest.mark.parametrize("resource", ["hearings", "appeals"])
def test_its_hearings_and_appeals_are_not_served_to_unassigned_staff(
    restricted, colleague, editor, resource
):
    record = (restricted.hearings if resource == "hearings" else restricted.appeals).get()
    client = staff_api_client(colleague)
    assert client.get(f"/api/v1/{resource}/").json()["results"] == []
    assert client.get(f"/api/v1/{resource}/{record.pk}/").status_code == 404
    listed = staff_api_client(editor).get(f"/api/v1/{resource}/").json()["results"]
    assert [r["id"] for r in listed] == [str(record.pk)]


def test_the_csv_export_leaves_it_out_for_unassigned_staff(restricted, colleague, editor):
    body = b"".join(staff_api_client(colleague).get("/api/v1/cases.csv").streaming_content)
    assert SECRET_TITLE.encode() not in body
    body = b"".join(staff_api_client(editor).get("/api/v1/cases.csv").streaming_content)
    assert SECRET_TITLE.encode() in body


def test_the_calendar_leaves_out_its_hearings_for_unassigned_staff(restricted, colleague):
    Case.objects.filter(pk=restricted.pk).update(
        status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT
    )
    Hearing.objects.filter(case=restricted).update(starts_at=timezone.now() + dt.timedelta(days=3))
    assert b"Secret court" not in staff_api_client(colleague).get("/api/v1/hearings.ics").content
    # Partners see every public case: restriction concerns staff.
    _partner, raw = partner_create(name="Partner network")
    assert b"Secret court" in bearer_client(raw).get("/api/v1/hearings.ics").content


def test_partners_still_read_a_published_restricted_case(restricted):
    Case.objects.filter(pk=restricted.pk).update(
        status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT
    )
    _partner, raw = partner_create(name="Partner network")
    response = bearer_client(raw).get(f"/api/v1/cases/{restricted.pk}/")
    assert response.status_code == 200
    assert "is_restricted" not in response.json()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.READ_RESTRICTED_CASE).exists()


def test_an_administrators_api_reads_are_audited_once_per_request(restricted, superuser):
    second = CaseFactory(is_restricted=True)
    CaseFactory()
    client = staff_api_client(superuser)
    assert len(client.get("/api/v1/cases/").json()["results"]) == 3
    entry = AuditEntry.objects.get(action=AuditEntry.Action.READ_RESTRICTED_CASE)
    assert entry.actor == superuser
    assert entry.object_id == ""
    assert entry.detail == {
        "via": "api:case-list",
        "records": {"cases.case": sorted([str(restricted.pk), str(second.pk)])},
    }
    client.get(f"/api/v1/cases/{restricted.pk}/")
    detail = AuditEntry.objects.filter(action=AuditEntry.Action.READ_RESTRICTED_CASE).first()
    assert (detail.object_id, detail.detail["via"]) == (str(restricted.pk), "api:case-detail")


def test_the_staff_case_list_takes_the_same_queries_for_2_and_10_cases(superuser):
    client = staff_api_client(superuser)

    def queries(size):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/cases/", {"page_size": size}).status_code == 200
        return len(ctx.captured_queries)

    for n in range(10):
        case = CaseFactory(is_restricted=n % 2 == 0, internal_notes="note")
        EventFactory(case=case, source_identity="a source")
    queries(1)  # the key's first use records its time
    assert queries(2) == queries(10)


# --- Reminders --------------------------------------------------------------------------------


def test_only_assigned_staff_are_reminded_of_a_restricted_case(restricted, editor, colleague):
    Subscription.objects.create(user=colleague, case=restricted)
    Subscription.objects.create(user=colleague, country=restricted.country)
    partner, _raw = partner_create(name="Partner network", contact_email="p@example.org")
    Subscription.objects.create(partner=partner, country=restricted.country)
    Case.objects.filter(pk=restricted.pk).update(
        status=Case.Status.PUBLISHED, published_at=PUBLISHED_AT
    )
    restricted.refresh_from_db()
    recipients = case_recipients(cases=[restricted])[restricted.pk]
    assert [(r.user_id, r.partner_id) for r in recipients] == [(editor.pk, None)]
    assert [r.user_id for r in case_followers(case=restricted)] == [editor.pk]


def test_followers_of_an_ordinary_case_are_still_reminded(editor, colleague):
    case = CaseFactory()
    case.assigned_staff.add(editor)
    Subscription.objects.create(user=colleague, case=case)
    recipients = case_recipients(cases=[case])[case.pk]
    assert {r.user_id for r in recipients} == {editor.pk, colleague.pk}
    assert {r.user_id for r in case_followers(case=case)} == {editor.pk, colleague.pk}
