"""The reminders admin saves rules, subscriptions and delivery settings through the reminders
services, which plan the reminders they shape again once the change commits: a rule switched
off, deleted (one or several at once) or a case unfollowed in the admin leaves no reminder of
it pending."""

import datetime as dt

import pytest
import time_machine
from celery import current_app
from django.urls import reverse

from cases.models import Hearing
from cases.services import hearing_save
from reminders.models import Reminder, ReminderRule, Subscription
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def eager():
    previous, current_app.conf.task_always_eager = current_app.conf.task_always_eager, True
    yield
    current_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def planned_case():
    """A followed case with a hearing a month ahead, its reminders planned by the rules."""
    case = CaseFactory()
    amina = UserFactory(username="amina", is_staff=True)
    Subscription.objects.create(user=amina, case=case)
    hearing = Hearing(
        case=case,
        court="Paris Court of Appeal",
        city="Paris",
        local_date=dt.date(2026, 4, 1),
        local_time=dt.time(10, 0),
        time_zone="Europe/Paris",
        purpose=Hearing.Purpose.TRIAL,
    )
    hearing_save(hearing=hearing, acting_user=None)
    return case


def pending(case, rule: ReminderRule) -> int:
    return Reminder.objects.filter(case=case, rule=rule, state=Reminder.State.PENDING).count()


def a_hearing_rule(case) -> ReminderRule:
    rule = ReminderRule.objects.filter(subject=ReminderRule.Subject.HEARING, is_active=True).first()
    assert rule is not None and pending(case, rule) >= 1
    return rule


def test_a_rule_switched_off_in_the_admin_leaves_none_of_its_reminders_pending(
    admin_client_, planned_case, eager, django_capture_on_commit_callbacks
):
    rule = a_hearing_rule(planned_case)
    url = reverse("admin:reminders_reminderrule_change", args=[rule.pk])
    data = {
        "subject": rule.subject,
        "days_before": rule.days_before,
        "at_local_time": rule.at_local_time.strftime("%H:%M") if rule.at_local_time else "",
        # is_active left out: unticked
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, data)
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["adminform"].form.errors
    )
    rule.refresh_from_db()
    assert not rule.is_active
    assert pending(planned_case, rule) == 0


def test_rules_deleted_together_in_the_admin_leave_none_of_their_reminders_pending(
    admin_client_, planned_case, eager, django_capture_on_commit_callbacks
):
    rule = a_hearing_rule(planned_case)
    its_own = pending(planned_case, rule)
    all_pending = Reminder.objects.filter(case=planned_case, state=Reminder.State.PENDING)
    before = all_pending.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:reminders_reminderrule_changelist"),
            {"action": "delete_selected", "_selected_action": [rule.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert not ReminderRule.objects.filter(pk=rule.pk).exists()
    # Its reminders were cancelled (their rule is gone: SET_NULL), the other rules' stay.
    assert all_pending.count() == before - its_own
    assert not all_pending.filter(rule__isnull=True).exists()


def test_a_subscription_deleted_in_the_admin_leaves_its_reminders_cancelled(
    admin_client_, planned_case, eager, django_capture_on_commit_callbacks
):
    subscription = Subscription.objects.get(case=planned_case)
    assert Reminder.objects.filter(
        case=planned_case, user=subscription.user, state=Reminder.State.PENDING
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:reminders_subscription_delete", args=[subscription.pk]),
            {"post": "yes"},
        )
    assert response.status_code == 302
    assert not Reminder.objects.filter(
        case=planned_case, user=subscription.user, state=Reminder.State.PENDING
    ).exists()
