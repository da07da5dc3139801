"""The reminders app on top of cases: it hears what cases announce (cases.signals) in the
sender's transaction, adds the Follow button to the case screen, installs beat's periodic tasks
as beat starts, and its services enqueue its tasks by their registered names."""

import datetime as dt

import pytest
import time_machine
from celery import current_app
from celery.signals import beat_init
from django.db import transaction
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from cases.models import Case, Hearing
from cases.services import hearing_save
from cases.signals import case_records_changed
from reminders import services, tasks
from reminders.models import Reminder
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def followed_case():
    """Return a case whose assigned member of staff is reminded of its hearings."""
    case = CaseFactory()
    case.assigned_staff.add(UserFactory(username="amina", is_staff=True))
    return case


def a_hearing(case, *, replan=True) -> Hearing:
    hearing = Hearing(
        case=case,
        court="Paris Court of Appeal",
        city="Paris",
        local_date=dt.date(2026, 4, 1),
        local_time=dt.time(10, 0),
        time_zone="Europe/Paris",
        purpose=Hearing.Purpose.TRIAL,
    )
    return hearing_save(hearing=hearing, acting_user=None, replan=replan)


@time_machine.travel(NOW, tick=False)
def test_a_change_announced_with_replan_false_is_planned_at_the_last_announcement(followed_case):
    a_hearing(followed_case, replan=False)
    assert not Reminder.objects.exists()

    case_records_changed.send(sender=Case, case_id=followed_case.pk)

    assert Reminder.objects.filter(kind=Reminder.Kind.HEARING_UPCOMING).count() == 3


@time_machine.travel(NOW, tick=False)
def test_reminders_are_planned_in_the_senders_transaction_and_roll_back_with_it(followed_case):
    with pytest.raises(RuntimeError), transaction.atomic():
        a_hearing(followed_case)
        assert Reminder.objects.count() == 3  # before the commit: in the same transaction
        raise RuntimeError("the save fails after the hearing")
    assert not Reminder.objects.exists()
    assert not Hearing.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_failure_to_plan_fails_the_change_of_the_case(followed_case, monkeypatch):
    def broken(**_kwargs):
        raise RuntimeError("planning failed")

    monkeypatch.setattr(services, "reminders_plan", broken)

    with pytest.raises(RuntimeError, match="planning failed"):
        a_hearing(followed_case)
    assert not Hearing.objects.exists()


def test_the_follow_button_keeps_the_case_screens_address_and_shows_for_a_case_only(
    viewer_client,
):
    case = CaseFactory()
    follow_url = reverse("admin:cases_case_follow", args=[case.pk])
    assert follow_url == f"/admin/cases/case/{case.pk}/follow/"

    page = viewer_client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert f'action="{follow_url}"' in page
    assert '<input type="hidden" name="follow" value="1">' in page


def test_the_follow_button_answers_404_for_a_case_that_does_not_exist(viewer_client):
    missing = reverse("admin:cases_case_follow", args=["00000000-0000-0000-0000-000000000000"])
    assert viewer_client.post(missing, {"follow": "1"}).status_code == 404


def test_the_services_enqueue_the_tasks_by_the_names_they_are_registered_under():
    for name, task in [
        (services.REPLAN_TASK, tasks.reminders_replan),
        (services.SCAN_TASK, tasks.reminders_scan),
        (services.DIGESTS_SCAN_TASK, tasks.digests_scan),
    ]:
        assert task.name == name
        assert current_app.tasks[name].name == name  # registered in this (web) process too


@time_machine.travel(NOW, tick=False)
def test_a_replan_after_commit_runs_the_task_in_process_once_committed(
    followed_case, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous, current_app.conf.task_always_eager = current_app.conf.task_always_eager, True
    try:
        a_hearing(followed_case, replan=False)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.reminders_plan_after_commit(case_ids=[followed_case.pk])
            assert not Reminder.objects.exists()  # not before the commit
    finally:
        current_app.conf.task_always_eager = previous
    assert len(callbacks) == 1
    assert Reminder.objects.filter(kind=Reminder.Kind.HEARING_UPCOMING).count() == 3


def test_beat_starting_installs_the_scan_and_the_digest_check(settings):
    settings.REMINDER_SCAN_INTERVAL_SECONDS = None
    beat_init.send(sender=None)
    beat_init.send(sender=None)  # every start: still one of each

    installed = {p.name: (p.task, p.interval.every) for p in PeriodicTask.objects.all()}
    assert installed == {
        "Send due reminders": ("reminders.tasks.reminders_scan", 60),
        "Send daily digests": ("reminders.tasks.digests_scan", 60),
        # The letters app's, installed on the same signal (letters.apps).
        "Delete expired letters": ("letters.tasks.letters_expire", 3600),
        "Send renders the broker missed": ("letters.tasks.letters_unsent_enqueue", 60),
        # The importer's (importer.apps).
        "Send readings the broker missed": ("importer.tasks.documents_unread_enqueue", 120),
    }

    settings.REMINDER_SCAN_INTERVAL_SECONDS = 5
    beat_init.send(sender=None)
    reminders = PeriodicTask.objects.filter(task__startswith="reminders.")
    assert sorted(reminders.values_list("interval__every", flat=True)) == [5, 5]
    # The reminders' interval is theirs alone: the letters' deletion stays hourly.
    assert PeriodicTask.objects.get(name="Delete expired letters").interval.every == 3600
    assert PeriodicTask.objects.get(name="Send renders the broker missed").interval.every == 60

    settings.LETTER_SWEEP_INTERVAL_SECONDS = 2
    beat_init.send(sender=None)
    assert PeriodicTask.objects.get(name="Send renders the broker missed").interval.every == 2
