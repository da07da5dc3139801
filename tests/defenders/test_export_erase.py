"""Administrators' export of everything about a defender, and erasure of their personal data:
one JSON file, audited; an erasure that blanks the person, deletes their history and leaves
their cases as they were."""

import datetime as dt
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from appeals_site.audit.models import AuditEntry
from cases.models import Case, Charge, DetentionPeriod
from defenders.models import Defender
from defenders.services import defender_erase, defender_export
from tests.conftest import staff_login
from tests.factories import (
    AreaOfWorkFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
)

pytestmark = pytest.mark.django_db
NAME = "Aigerim Fictional-Defender"
CHANGELIST = "admin:defenders_defender_changelist"


@pytest.fixture
def defender(superuser):
    """A defender with confidential facts, a charge, a detention period with an extension, a
    hearing and an event naming them in one case, and a history of two versions."""
    person = DefenderFactory(
        full_name=NAME,
        local_name="Айгерим",
        role="lawyer",
        organisation="Fictional Rights Centre",
        city="Osh",
        region="Osh Region",
        health_notes="Needs insulin every day.",
        family_notes="Two children.",
        home_address="12 Fictional Street, Osh",
        phone="+996555123456",
        internal_notes="Prefers Signal.",
        disclosed_fields=["health_notes"],
    )
    person.areas_of_work.add(AreaOfWorkFactory(name="Land rights"))
    person._history_user = superuser
    person.role = "head of the Fictional Rights Centre"
    person.save()
    case = CaseFactory(title="Kyrgyzstan: the case of a fictional lawyer", reference="KGZ 1")
    case.defenders.add(person)
    ChargeFactory(case=case, defender=person)
    period = DetentionPeriodFactory(case=case, defender=person, start_date=dt.date(2025, 3, 28))
    DetentionExtensionFactory(period=period)
    HearingFactory(case=case).defenders.add(person)
    EventFactory(case=case, description="She was arrested.").defenders.add(person)
    EventFactory(case=case, description="A search of the office.")
    return person


def _act(client, action: str, *defenders, follow: bool = False, **extra):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [d.pk for d in defenders], **extra},
        follow=follow,
    )


# --- Export -----------------------------------------------------------------------------------


def test_an_administrator_downloads_everything_about_the_defender(
    admin_client_, superuser, defender
):
    response = _act(admin_client_, "export_defender", defender)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="defender-{defender.pk}.json"'
    data = json.loads(response.content)
    assert data["defender"]["full_name"] == NAME
    assert data["defender"]["health_notes"] == "Needs insulin every day."
    assert data["defender"]["phone"] == "+996555123456"
    assert data["defender"]["areas_of_work"] == ["land-rights"]
    assert [c["title"] for c in data["cases"]] == ["Kyrgyzstan: the case of a fictional lawyer"]
    assert [c["article"] for c in data["charges"]] == ["341"]
    assert [len(p["extensions"]) for p in data["detention_periods"]] == [1]
    assert len(data["hearings"]) == 1
    assert [e["description"] for e in data["events"]] == ["She was arrested."]
    history = Defender.history.filter(id=defender.pk).count()
    assert len(data["history"]) == history >= 2
    assert data["history"][0]["history_type"] == "Created"
    assert data["history"][-1]["history_user"] == "admin"
    assert data["history"][0]["fields"]["role"] == "lawyer"

    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.DEFENDER_EXPORT)
    assert (entry.actor, entry.object_id, entry.object_label) == (superuser, str(defender.pk), NAME)
    assert entry.detail == {"cases": 1, "charges": 1, "history": history}


def test_one_defender_is_exported_at_a_time(admin_client_, defender):
    response = _act(admin_client_, "export_defender", defender, DefenderFactory(), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Select one defender to export at a time." in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DEFENDER_EXPORT).exists()


@pytest.mark.parametrize("action", ["export_defender", "erase_defenders"])
def test_staff_other_than_administrators_are_not_offered_the_actions(reviewer, defender, action):
    client = staff_login(Client(), reviewer)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert f'value="{action}"' not in page
    response = _act(client, action, defender, confirmed="yes")
    assert "application/json" not in response["Content-Type"]
    defender.refresh_from_db()
    assert defender.full_name == NAME
    assert not AuditEntry.objects.filter(
        action__in=[AuditEntry.Action.DEFENDER_EXPORT, AuditEntry.Action.DEFENDER_ERASE]
    ).exists()


def test_the_services_refuse_anyone_but_an_administrator(reviewer, defender):
    with pytest.raises(PermissionDenied):
        defender_export(defender=defender, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        defender_erase(defender=defender, acting_user=reviewer)
    with pytest.raises(PermissionDenied):
        defender_erase(defender=defender, acting_user=None)


# --- Erasure ----------------------------------------------------------------------------------


def test_erasing_asks_for_confirmation_first(admin_client_, defender):
    response = _act(admin_client_, "erase_defenders", defender)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/defenders/defender/erase_confirmation.html"
    page = response.content.decode()
    assert NAME in page
    assert 'name="confirmed" value="yes"' in page
    defender.refresh_from_db()
    assert defender.full_name == NAME


def test_erasing_blanks_the_person_and_deletes_their_history(admin_client_, superuser, defender):
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[defender], action_flag=CHANGE, change_message="x"
    )
    defender_export(defender=defender, acting_user=superuser)
    response = _act(admin_client_, "erase_defenders", defender, confirmed="yes", follow=True)
    assert "The personal data of 1 defender was erased." in response.content.decode()

    erased = Defender.objects.get(pk=defender.pk)
    short = str(defender.pk)[:8]
    assert erased.full_name == f"Erased defender {short}"
    blank = ["local_name", "role", "organisation", "city", "region", "country"]
    blank += ["health_notes", "family_notes", "home_address", "phone", "internal_notes"]
    assert {name: str(getattr(erased, name)) for name in blank} == dict.fromkeys(blank, "")
    assert erased.gender == Defender.Gender.UNKNOWN
    assert erased.disclosed_fields == []
    assert list(erased.areas_of_work.all()) == []
    assert erased.situation == defender.situation

    assert Defender.history.filter(id=defender.pk).count() == 0
    through = Defender.history.model._meta.apps.get_model(
        "defenders", "HistoricalDefender_areas_of_work"
    )
    assert through.objects.filter(defender_id=defender.pk).count() == 0

    # Only the audit log keeps that it happened; earlier entries no longer name the person.
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.DEFENDER_ERASE)
    assert (entry.actor, entry.object_id, entry.detail) == (
        superuser,
        str(defender.pk),
        {"defender_id": str(defender.pk)},
    )
    labels = set(
        AuditEntry.objects.filter(object_id=str(defender.pk)).values_list("object_label", flat=True)
    )
    assert labels == {f"Erased defender {short}"}
    assert set(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Defender), object_id=str(defender.pk)
        ).values_list("object_repr", flat=True)
    ) == {f"Erased defender {short}"}


def test_erasing_leaves_the_cases_intact(admin_client_, defender):
    case = Case.objects.get(defenders=defender)
    before = case.updated_at
    _act(admin_client_, "erase_defenders", defender, confirmed="yes")
    case.refresh_from_db()
    assert case.title == "Kyrgyzstan: the case of a fictional lawyer"
    assert list(case.defenders.all()) == [defender]
    assert Charge.objects.filter(defenders=defender).count() == 1
    assert DetentionPeriod.objects.filter(defender=defender).count() == 1
    assert case.events.count() == 2 and case.hearings.count() == 1
    # Partners resync the case: the name in it changed.
    assert case.updated_at > before
