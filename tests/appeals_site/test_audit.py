"""The audit log: logins and failed logins, reads of confidential facts (one entry per
request, naming the records), exports, staff's letter downloads and publications; and its
admin, which only administrators read and nobody edits."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appeals_site.audit.models import AuditEntry
from appeals_site.audit.services import audit_record
from cases.models import Case
from cases.services import appeal_issue, case_set_status
from letters.models import Letter
from partners.services import partner_create
from tests.api_clients import bearer_client, staff_api_client
from tests.conftest import staff_login
from tests.factories import (
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    EventFactory,
    UserFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
Action = AuditEntry.Action


def entries(action) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


# --- Logins -----------------------------------------------------------------------------------


def test_a_login_is_recorded_with_who_and_from_where(reviewer):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post(reverse("admin:login"), {"username": reviewer.username, "password": PASSWORD})
    [entry] = entries(Action.LOGIN)
    assert (entry.actor, entry.actor_label, entry.source_ip) == (
        reviewer,
        "rita-reviewer",
        "203.0.113.7",
    )


def test_a_failed_login_records_the_username_tried_never_the_password(reviewer):
    client = Client(REMOTE_ADDR="203.0.113.8")
    client.post(reverse("admin:login"), {"username": "rita-reviewer", "password": "s3cret-Guess"})
    [entry] = entries(Action.LOGIN_FAILED)
    assert (entry.actor, entry.actor_label, entry.source_ip) == (
        None,
        "rita-reviewer",
        "203.0.113.8",
    )
    assert entry.detail == {"username": "rita-reviewer"}
    row = AuditEntry.objects.filter(pk=entry.pk).values().get()
    assert "s3cret-Guess" not in repr(row)
    assert "*****" not in repr(row)


def test_a_logout_is_recorded(reviewer_client, reviewer):
    reviewer_client.post(reverse("admin:logout"))
    [entry] = entries(Action.LOGOUT)
    assert entry.actor == reviewer


# --- Confidential facts -----------------------------------------------------------------------


def test_opening_a_defender_with_confidential_facts_is_recorded_once(viewer_client, viewer):
    defender = DefenderFactory(health_notes="Needs insulin every day.")
    viewer_client.get(reverse("admin:defenders_defender_change", args=[defender.pk]))
    [entry] = entries(Action.READ_CONFIDENTIAL)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        viewer,
        "defenders.defender",
        str(defender.pk),
    )
    assert entry.detail == {
        "via": "admin:defender-change",
        "records": {"defenders.defender": [str(defender.pk)]},
    }


def test_opening_a_defender_without_confidential_facts_records_nothing(viewer_client):
    defender = DefenderFactory()
    viewer_client.get(reverse("admin:defenders_defender_change", args=[defender.pk]))
    assert entries(Action.READ_CONFIDENTIAL) == []


def test_a_case_page_records_the_case_and_the_events_whose_sources_it_shows(viewer_client):
    case = CaseFactory(internal_notes="Call the lawyer first.")
    secret = EventFactory(case=case, source_identity="A cousin in the prosecutor's office")
    EventFactory(case=case)
    viewer_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    [entry] = entries(Action.READ_CONFIDENTIAL)
    assert entry.object_id == ""
    assert entry.detail == {
        "via": "admin:case-change",
        "records": {"cases.case": [str(case.pk)], "cases.event": [str(secret.pk)]},
    }


def test_a_staff_api_page_records_one_entry_naming_every_record(viewer):
    cases = [CaseFactory(), CaseFactory(internal_notes="Internal.")]
    defender = DefenderFactory(phone="+996555123456")
    cases[0].defenders.add(defender, DefenderFactory())
    event = EventFactory(case=cases[0], source_identity="A neighbour")
    staff_api_client(viewer).get("/api/v1/cases/")
    [entry] = entries(Action.READ_CONFIDENTIAL)
    assert entry.detail == {
        "via": "api:case-list",
        "records": {
            "cases.case": [str(cases[1].pk)],
            "defenders.defender": [str(defender.pk)],
            "cases.event": [str(event.pk)],
        },
    }


def test_the_defender_api_records_staff_reads_of_confidential_facts(viewer):
    secret = DefenderFactory(family_notes="Two children.")
    DefenderFactory()
    client = staff_api_client(viewer)
    client.get("/api/v1/defenders/")
    client.get(f"/api/v1/defenders/{secret.pk}/")
    listed, opened = sorted(entries(Action.READ_CONFIDENTIAL), key=lambda e: e.pk)
    assert listed.detail == {
        "via": "api:defender-list",
        "records": {"defenders.defender": [str(secret.pk)]},
    }
    assert (opened.object_id, opened.detail["via"]) == (str(secret.pk), "api:defender-detail")


def test_partners_reads_are_not_recorded_as_confidential_reads():
    case = CaseFactory(
        status=Case.Status.PUBLISHED,
        published_at=dt.datetime(2025, 4, 14, tzinfo=dt.UTC),
        internal_notes="Internal.",
    )
    case.defenders.add(DefenderFactory(health_notes="Diabetic.", disclosed_fields=["health_notes"]))
    _partner, raw = partner_create(name="Partner network")
    assert bearer_client(raw).get("/api/v1/cases/").status_code == 200
    assert entries(Action.READ_CONFIDENTIAL) == []


# --- Exports, letters, publications -----------------------------------------------------------


def test_a_csv_export_is_recorded_with_its_filters(viewer):
    CaseFactory()
    response = staff_api_client(viewer).get("/api/v1/cases.csv", {"country": "KG"})
    assert response.status_code == 200
    [entry] = entries(Action.EXPORT)
    assert (entry.actor, entry.object_type) == (viewer, "cases.case")
    assert entry.detail == {"format": "csv", "via": "api:case-csv", "filters": {"country": "KG"}}


def _ready_letter() -> Letter:
    appeal = appeal_issue(appeal=issuable_appeal(), acting_user=None)
    Case.objects.filter(pk=appeal.case_id).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )
    letter = Letter.objects.create(
        appeal=appeal,
        authority=AuthorityFactory(),
        language="en",
        render_key="k" * 64,
        status=Letter.Status.READY,
        html="<p>Letter</p>",
    )
    letter.pdf.save("letter.pdf", ContentFile(b"%PDF-1.7 test"))
    return letter


def test_a_staff_letter_download_is_recorded(viewer_client, viewer):
    letter = _ready_letter()
    response = viewer_client.get(reverse("letter-pdf", args=[letter.pk]))
    assert response.status_code == 200
    [entry] = entries(Action.LETTER_DOWNLOAD)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        viewer,
        "letters.letter",
        str(letter.pk),
    )


def test_a_campaigners_letter_download_is_not_recorded(client):
    letter = _ready_letter()
    assert client.get(reverse("letter-pdf", args=[letter.pk])).status_code == 200
    assert entries(Action.LETTER_DOWNLOAD) == []


def test_publishing_and_taking_back_are_recorded_other_moves_not(reviewer):
    case = CaseFactory()
    case_set_status(case=case, status=Case.Status.IN_REVIEW, acting_user=reviewer)
    assert entries(Action.PUBLICATION) == []
    case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=reviewer)
    case_set_status(case=case, status=Case.Status.CLOSED, acting_user=reviewer)
    taken_back, published = entries(Action.PUBLICATION)
    assert (published.actor, published.object_id, published.detail) == (
        reviewer,
        str(case.pk),
        {"from": "in_review", "to": "published"},
    )
    assert taken_back.detail == {"from": "published", "to": "closed"}


# --- The log in the admin ---------------------------------------------------------------------


def test_administrators_read_the_log_and_find_an_id_named_in_a_list_read(admin_client_):
    AuditEntry.objects.all().delete()  # the fixture's login
    audit_record(action=Action.EXPORT, actor=None, object_id="aaaa-1111")
    audit_record(
        action=Action.READ_CONFIDENTIAL,
        actor=None,
        detail={"via": "api:case-list", "records": {"cases.case": ["bbbb-2222", "cccc-3333"]}},
    )
    url = reverse("admin:audit_auditentry_changelist")
    assert admin_client_.get(url).context["cl"].result_count == 2
    found = admin_client_.get(url, {"q": "cccc-3333"}).context["cl"].result_list
    assert [e.action for e in found] == [Action.READ_CONFIDENTIAL]
    found = admin_client_.get(url, {"q": "aaaa-1111"}).context["cl"].result_list
    assert [e.action for e in found] == [Action.EXPORT]
    by_action = admin_client_.get(url, {"action__exact": "export"}).context["cl"].result_list
    assert [e.object_id for e in by_action] == ["aaaa-1111"]


@pytest.mark.parametrize("persona", ["viewer", "editor", "reviewer"])
def test_staff_other_than_administrators_cannot_read_the_log(persona, request):
    user = request.getfixturevalue(persona)
    client = staff_login(Client(), user)
    entry = audit_record(action=Action.EXPORT, actor=None)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 403


def test_nobody_adds_changes_or_deletes_an_entry(admin_client_):
    entry = audit_record(action=Action.EXPORT, actor=None, object_label="before")
    assert admin_client_.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    admin_client_.post(change, {"object_label": "after"})
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    admin_client_.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    entry.refresh_from_db()
    assert entry.object_label == "before"


def test_the_log_keeps_a_deleted_accounts_name():
    user = UserFactory(username="gone-soon")
    entry = audit_record(action=Action.LOGOUT, actor=user)
    user.delete()
    entry.refresh_from_db()
    assert (entry.actor, entry.actor_label) == (None, "gone-soon")
