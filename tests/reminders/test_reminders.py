"""Reminders before hearings and detention deadlines: planned as rows, sent once.

The clock is moved with time_machine; e-mails go to Django's locmem outbox; webhooks go to a
real HTTP receiver on 127.0.0.1 (tests/reminders/support.py). Sending runs in-process here;
tests/reminders/test_reminders_worker.py runs a real worker and beat.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Hearing
from cases.services import case_update, detention_period_refresh_term, hearing_save
from partners.models import Partner
from partners.services import partner_webhook_secret_rotate
from reminders import schedule
from reminders.models import (
    Digest,
    NotificationSettings,
    Reminder,
    ReminderRule,
    Subscription,
)
from reminders.services import (
    digest_send,
    digests_claim_due,
    reminder_send,
    reminders_claim_due,
    reminders_plan,
)
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    UserFactory,
)
from tests.reminders.support import WebhookReceiver, payload, signature_valid

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    # Celery's own configuration too, and put back: a later test with a broker and a worker
    # must not inherit in-process tasks.
    from appeals_site.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.REMINDER_WEBHOOK_ALLOW_HTTP = True
    settings.REMINDER_WEBHOOK_TIMEOUT_SECONDS = 2
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.SITE_URL = "https://appeals.example.org"
    yield
    app.conf.task_always_eager = previous


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def rule(subject, days, time=None):
    return ReminderRule(subject=subject, days_before=days, at_local_time=time)


def only_rules(*rules):
    """Replace the default rules by these."""
    ReminderRule.objects.all().delete()
    return [ReminderRule.objects.create(**r) for r in rules]


def staff(username="amina", **kwargs):
    return UserFactory(username=username, is_staff=True, **kwargs)


def a_hearing(case, *, day, time=dt.time(10, 0), zone="Europe/Paris", acting_user=None):
    hearing = Hearing(
        case=case,
        court="Paris Court of Appeal",
        city="Paris",
        local_date=day,
        local_time=time,
        time_zone=zone,
        purpose=Hearing.Purpose.TRIAL,
    )
    hearing_save(hearing=hearing, acting_user=acting_user)
    return hearing


def send_due(now: dt.datetime) -> list[str]:
    """Run one scan at `now` and send what it claimed, in-process; return the outcomes."""
    with time_machine.travel(now, tick=False):
        return [reminder_send(reminder_id=pk, attempt=a) for pk, a in reminders_claim_due()]


def published_case(**kwargs) -> Case:
    case = CaseFactory(**kwargs)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.PUBLISHED, published_at=at("2026-01-01T00:00:00")
    )
    case.refresh_from_db()
    return case


# --- When: the rules, time zones and summer time --------------------------------------------


def test_the_default_rules_are_those_of_the_issue():
    assert sorted(
        (r.subject, r.days_before, r.at_local_time) for r in ReminderRule.objects.all()
    ) == [
        ("hearing", 0, dt.time(8, 0)),
        ("hearing", 1, None),
        ("hearing", 7, None),
        ("term_end", 2, dt.time(8, 0)),
        ("term_end", 7, dt.time(8, 0)),
    ]


def test_days_before_a_hearing_keep_the_wall_time_across_the_spring_change():
    # Paris moves to summer time on 29 March 2026: 10:00 is 09:00 UTC before, 08:00 after.
    due = schedule.hearing_reminder_due(
        rule=rule("hearing", 7),
        local_date=dt.date(2026, 4, 1),
        local_time=dt.time(10, 0),
        time_zone="Europe/Paris",
    )
    assert due == at("2026-03-25T09:00:00")
    due = schedule.hearing_reminder_due(
        rule=rule("hearing", 1),
        local_date=dt.date(2026, 4, 1),
        local_time=dt.time(10, 0),
        time_zone="Europe/Paris",
    )
    assert due == at("2026-03-31T08:00:00")


def test_days_before_a_hearing_keep_the_wall_time_across_the_autumn_change():
    # Paris leaves summer time on 25 October 2026.
    due = schedule.hearing_reminder_due(
        rule=rule("hearing", 7),
        local_date=dt.date(2026, 10, 28),
        local_time=dt.time(9, 30),
        time_zone="Europe/Paris",
    )
    assert due == at("2026-10-21T07:30:00")


def test_a_rule_at_eight_on_the_day_is_eight_in_the_courts_zone():
    due = schedule.hearing_reminder_due(
        rule=rule("hearing", 0, dt.time(8, 0)),
        local_date=dt.date(2026, 12, 3),
        local_time=dt.time(14, 0),
        time_zone="Asia/Bishkek",
    )
    assert due == at("2026-12-03T02:00:00")


def test_a_local_time_skipped_by_the_clocks_is_not_lost():
    # 02:30 does not exist in Paris on 29 March 2026: the reminder goes at the jump.
    due = schedule.hearing_reminder_due(
        rule=rule("hearing", 0, dt.time(2, 30)),
        local_date=dt.date(2026, 3, 29),
        local_time=dt.time(10, 0),
        time_zone="Europe/Paris",
    )
    assert due == at("2026-03-29T00:30:00")


def test_a_term_reminder_is_at_its_local_time_in_the_cases_zone():
    due = schedule.term_end_reminder_due(
        rule=rule("term_end", 2, dt.time(8, 0)),
        term_ends_on=dt.date(2026, 12, 10),
        time_zone="Asia/Bishkek",
    )
    assert due == at("2026-12-08T02:00:00")


def test_a_rule_before_a_term_needs_a_local_time():
    with pytest.raises(ValidationError) as raised:
        ReminderRule(subject="term_end", days_before=3).full_clean()
    assert "needs a local time" in str(raised.value)


# --- Planned rows ---------------------------------------------------------------------------


def test_a_new_hearing_plans_one_reminder_per_rule_and_recipient():
    user = staff()
    case = CaseFactory(time_zone="Europe/Paris")
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
    rows = Reminder.objects.filter(kind=Reminder.Kind.HEARING_UPCOMING).order_by("due_at")
    assert [(r.user, r.channel, r.due_at) for r in rows] == [
        (user, "email", at("2026-03-25T09:00:00")),
        (user, "email", at("2026-03-31T08:00:00")),
        (user, "email", at("2026-04-01T06:00:00")),
    ]
    assert {r.state for r in rows} == {"pending"}


def test_planning_twice_changes_nothing():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
        before = list(Reminder.objects.values_list("pk", "key", "due_at", "state"))
        result = reminders_plan(case_ids=[case.pk])
    assert result == {"created": 0, "rescheduled": 0, "cancelled": 0, "restored": 0}
    assert list(Reminder.objects.values_list("pk", "key", "due_at", "state")) == before


def test_a_hearing_entered_late_gets_one_reminder_at_once_not_every_missed_one():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    now = at("2026-03-29T12:00:00")
    with time_machine.travel(now, tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))  # 7 days before has passed
    rows = Reminder.objects.order_by("due_at")
    assert [(r.rule.days_before, r.due_at) for r in rows] == [
        (7, now),
        (1, at("2026-03-31T08:00:00")),
        (0, at("2026-04-01T06:00:00")),
    ]


def test_partners_are_reminded_of_public_cases_only(settings):
    partner = Partner.objects.create(
        name="Front Line",
        contact_email="alerts@frontline.example",
        webhook_url="https://x.example/h",
    )
    draft = CaseFactory(country="FR")
    public = published_case(country="FR")
    Subscription.objects.create(partner=partner, country="FR")
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(draft, day=dt.date(2026, 4, 1))
        a_hearing(public, day=dt.date(2026, 4, 1))
    assert not Reminder.objects.filter(case=draft).exists()
    assert sorted(
        Reminder.objects.filter(case=public, rule__days_before=7).values_list("channel", flat=True)
    ) == ["email", "webhook"]


def test_staff_following_a_country_are_reminded_and_those_without_address_are_not():
    follower = staff("farid")
    UserFactory(username="noaddress", email="", is_staff=True)
    Subscription.objects.create(user=follower, country="KG")
    Subscription.objects.create(user_id=follower.pk + 1, country="KG")
    case = CaseFactory(country="KG")
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1), zone="Asia/Bishkek")
    assert set(Reminder.objects.values_list("user__username", flat=True)) == {"farid"}


# --- Sending --------------------------------------------------------------------------------


def test_a_due_reminder_is_sent_once_with_its_key_as_message_id():
    user = staff()
    NotificationSettings.objects.create(user=user, time_zone="America/New_York")
    case = CaseFactory(time_zone="Europe/Paris", title="France: trial of a journalist")
    defender = DefenderFactory(full_name="Claire Dubois")
    case.defenders.add(defender)
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        hearing = a_hearing(case, day=dt.date(2026, 4, 1))
        hearing.defenders.add(defender)

    assert send_due(at("2026-03-25T08:59:00")) == []
    assert send_due(at("2026-03-25T09:00:00")) == ["sent"]
    assert send_due(at("2026-03-25T09:01:00")) == []

    [email] = mail.outbox
    reminder = Reminder.objects.get(rule__days_before=7)
    assert reminder.state == "sent"
    assert email.extra_headers["Message-ID"] == f"<{reminder.key}@appeals.example.org>"
    assert email.to == [user.email]
    assert email.subject == (
        "Hearing Wed 1 Apr 2026, 10:00 Europe/Paris (UTC+02:00): Paris Court of Appeal "
        "(France: trial of a journalist)"
    )
    assert "Paris Court of Appeal, Paris" in email.body
    assert "Trial hearing" in email.body
    assert "Claire Dubois" in email.body
    assert "Wed 1 Apr 2026, 10:00 Europe/Paris (UTC+02:00) (court's time)" in email.body
    assert "Wed 1 Apr 2026, 04:00 America/New_York (UTC-04:00) (your time)" in email.body
    html = email.alternatives[0][0]
    assert "Claire Dubois" in html and "<table>" in html


def test_a_partner_webhook_is_signed_and_carries_the_idempotency_key():
    case = published_case(country="FR", time_zone="Europe/Paris")
    with WebhookReceiver() as receiver:
        partner = Partner.objects.create(name="Front Line", webhook_url=receiver.url)
        secret = partner_webhook_secret_rotate(partner=partner)
        Subscription.objects.create(partner=partner, case=case)
        with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
            a_hearing(case, day=dt.date(2026, 4, 1))
        assert send_due(at("2026-03-25T09:00:00")) == ["sent"]
    [request] = receiver.requests
    reminder = Reminder.objects.get(rule__days_before=7)
    assert request["headers"]["Idempotency-Key"] == str(reminder.key)
    assert signature_valid(secret=secret, headers=request["headers"], body=request["body"])
    assert not signature_valid(secret="whs_other", headers=request["headers"], body=request["body"])
    body = payload(request)
    assert body["id"] == str(reminder.key)
    assert body["type"] == "hearing_upcoming"
    assert body["hearing"]["court"] == "Paris Court of Appeal"
    assert body["hearing"]["time_zone"] == "Europe/Paris"
    assert body["case"]["id"] == str(case.pk)


def test_a_partner_receives_no_confidential_field_by_webhook_or_email():
    case = published_case(country="FR", internal_notes="CANARY-internal")
    defender = DefenderFactory(
        full_name="Claire Dubois", home_address="CANARY-address", health_notes="CANARY-health"
    )
    case.defenders.add(defender)
    with WebhookReceiver() as receiver:
        partner = Partner.objects.create(
            name="Front Line", webhook_url=receiver.url, contact_email="a@frontline.example"
        )
        partner_webhook_secret_rotate(partner=partner)
        Subscription.objects.create(partner=partner, case=case)
        with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
            hearing = a_hearing(case, day=dt.date(2026, 4, 1))
            hearing.defenders.add(defender)
        assert send_due(at("2026-03-25T09:00:00")) == ["sent", "sent"]
    seen = receiver.requests[0]["body"].decode() + mail.outbox[0].body
    seen += mail.outbox[0].alternatives[0][0]
    assert "Claire Dubois" in seen
    assert "CANARY" not in seen
    # The partner's link is the public page, never the admin.
    assert "/admin/" not in seen


def test_a_failing_webhook_is_retried_with_backoff_then_marked_failed(settings):
    case = published_case()
    with WebhookReceiver() as receiver:
        receiver.mode = "error"
        partner = Partner.objects.create(name="Front Line", webhook_url=receiver.url)
        partner_webhook_secret_rotate(partner=partner)
        Subscription.objects.create(partner=partner, case=case)
        with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
            a_hearing(case, day=dt.date(2026, 4, 1))
        first = at("2026-03-25T09:00:00")
        assert send_due(first) == ["retry"]
        reminder = Reminder.objects.get(rule__days_before=7)
        assert reminder.state == "pending"
        assert reminder.last_error == "RuntimeError: The webhook answered HTTP 500."
        assert reminder.due_at == first + dt.timedelta(seconds=60)
        assert send_due(first + dt.timedelta(seconds=59)) == []
        assert send_due(first + dt.timedelta(seconds=60)) == ["retry"]
        reminder.refresh_from_db()
        assert reminder.due_at == first + dt.timedelta(seconds=180)  # 60 s, then 120 s
        assert send_due(first + dt.timedelta(seconds=180)) == ["failed"]
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("failed", 3)
    assert len(receiver.requests) == 3
    assert len({r["headers"]["Idempotency-Key"] for r in receiver.requests}) == 1


def test_a_receiver_that_is_down_or_slow_does_not_stop_the_other_sends(settings):
    user = staff()
    case = published_case()
    case.assigned_staff.add(user)
    with WebhookReceiver() as slow:
        slow.mode = "slow"
        slow.slow_seconds = 5
        down = Partner.objects.create(name="Down", webhook_url="http://127.0.0.1:9/hook")
        late = Partner.objects.create(name="Slow", webhook_url=slow.url)
        for partner in (down, late):
            partner_webhook_secret_rotate(partner=partner)
            Subscription.objects.create(partner=partner, case=case)
        with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
            a_hearing(case, day=dt.date(2026, 4, 1))
        outcomes = send_due(at("2026-03-25T09:00:00"))
    assert sorted(outcomes) == ["retry", "retry", "sent"]
    assert len(mail.outbox) == 1
    errors = dict(
        Reminder.objects.filter(rule__days_before=7, partner__isnull=False).values_list(
            "partner__name", "last_error"
        )
    )
    assert errors["Down"].startswith("ConnectionError")
    assert errors["Slow"].startswith(("ReadTimeout", "ConnectionError"))


def test_a_stale_task_does_nothing():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
    with time_machine.travel(at("2026-03-25T09:00:00"), tick=False):
        [(pk, attempt)] = reminders_claim_due()
        assert reminder_send(reminder_id=pk, attempt=attempt + 1) == "stale"
        assert reminder_send(reminder_id=pk, attempt=attempt) == "sent"
        assert reminder_send(reminder_id=pk, attempt=attempt) == "stale"
    assert len(mail.outbox) == 1


def test_a_reminder_whose_sender_died_is_taken_up_again_with_the_same_key(settings):
    settings.REMINDER_SEND_LEASE_SECONDS = 300
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
    with time_machine.travel(at("2026-03-25T09:00:00"), tick=False):
        [(pk, first_attempt)] = reminders_claim_due()  # ... and the worker dies
    with time_machine.travel(at("2026-03-25T09:04:59"), tick=False):
        assert reminders_claim_due() == []  # the lease still runs
    with time_machine.travel(at("2026-03-25T09:05:01"), tick=False):
        [(same_pk, attempt)] = reminders_claim_due()
        assert (same_pk, attempt) == (pk, first_attempt + 1)
        assert reminder_send(reminder_id=pk, attempt=first_attempt) == "stale"
        assert reminder_send(reminder_id=pk, attempt=attempt) == "sent"
    assert (
        mail.outbox[0]
        .extra_headers["Message-ID"]
        .startswith(f"<{Reminder.objects.get(pk=pk).key}@")
    )


def test_the_scan_takes_at_most_three_queries():
    user = staff()
    for _ in range(5):
        case = CaseFactory()
        case.assigned_staff.add(user)
        with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
            a_hearing(case, day=dt.date(2026, 4, 1))
    with (
        time_machine.travel(at("2026-03-25T09:00:00"), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        claimed = reminders_claim_due()
    assert len(claimed) == 5
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 3, statements


# --- A hearing that moves or is cancelled ---------------------------------------------------


def test_a_moved_hearing_reschedules_its_reminders_and_tells_those_already_reminded():
    user, colleague = staff("amina"), staff("farid")
    case = CaseFactory()
    case.assigned_staff.add(user, colleague)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        hearing = a_hearing(case, day=dt.date(2026, 4, 1))
    assert send_due(at("2026-03-25T09:00:00")) == ["sent", "sent"]
    mail.outbox.clear()

    with time_machine.travel(at("2026-03-26T10:00:00"), tick=False):
        hearing.local_date = dt.date(2026, 4, 15)
        hearing_save(hearing=hearing, acting_user=colleague, move_reason="Judge ill")

    old = Reminder.objects.filter(kind="hearing_upcoming", occurs_at=at("2026-04-01T08:00:00"))
    assert sorted(old.values_list("rule__days_before", "state")) == [
        (0, "cancelled"), (0, "cancelled"), (1, "cancelled"), (1, "cancelled"),
        (7, "sent"), (7, "sent"),
    ]  # fmt: skip
    new = Reminder.objects.filter(kind="hearing_upcoming", occurs_at=at("2026-04-15T08:00:00"))
    assert sorted(set(new.values_list("rule__days_before", "state"))) == [
        (0, "pending"), (1, "pending"), (7, "pending"),
    ]  # fmt: skip

    sent = send_due(at("2026-03-26T10:00:01"))
    # Both were reminded: both hear it moved. The colleague who moved it is not told of
    # the change as a "case changed" notice; the other follower is.
    assert sorted(sent) == ["sent", "sent", "sent"]
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0].startswith("Case changed")
    assert subjects[1].startswith("Hearing moved to Wed 15 Apr 2026, 10:00 Europe/Paris")
    moved = [m for m in mail.outbox if m.subject.startswith("Hearing moved")]
    assert {m.to[0] for m in moved} == {user.email, colleague.email}
    assert "It was set for 2026-04-01 10:00" in moved[0].body
    assert "Why: Judge ill" in moved[0].body


def test_a_cancelled_hearing_cancels_its_reminders_and_tells_those_already_reminded():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        hearing = a_hearing(case, day=dt.date(2026, 4, 1))
    send_due(at("2026-03-25T09:00:00"))
    mail.outbox.clear()
    with time_machine.travel(at("2026-03-27T10:00:00"), tick=False):
        hearing.status = Hearing.Status.CANCELLED
        hearing_save(hearing=hearing, acting_user=None)
    assert (
        set(
            Reminder.objects.filter(kind="hearing_upcoming", state="pending").values_list(
                "pk", flat=True
            )
        )
        == set()
    )
    send_due(at("2026-03-27T10:00:01"))
    cancelled = [m for m in mail.outbox if m.subject.startswith("Hearing cancelled")]
    assert len(cancelled) == 1
    assert "A hearing you were reminded of is CANCELLED" in cancelled[0].body


def test_nobody_reminded_yet_gets_no_moved_notice():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        hearing = a_hearing(case, day=dt.date(2026, 4, 1))
        hearing.local_date = dt.date(2026, 4, 2)
        hearing_save(hearing=hearing, acting_user=user)
    assert not Reminder.objects.filter(kind="hearing_moved").exists()


def test_a_reminder_claimed_just_before_its_hearing_moved_is_not_sent():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        hearing = a_hearing(case, day=dt.date(2026, 4, 1))
    with time_machine.travel(at("2026-03-25T09:00:00"), tick=False):
        [(pk, attempt)] = reminders_claim_due()
        Hearing.objects.filter(pk=hearing.pk).update(status=Hearing.Status.CANCELLED)
        assert reminder_send(reminder_id=pk, attempt=attempt) == "cancelled"
    assert mail.outbox == []


# --- Detention terms ------------------------------------------------------------------------


def test_a_running_detention_term_is_reminded_7_and_2_days_before():
    user = staff()
    case = CaseFactory(time_zone="Asia/Bishkek")
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        period = DetentionPeriodFactory(
            case=case, start_date=dt.date(2026, 2, 10), term_months=2, place="SIZO No. 1"
        )
        detention_period_refresh_term(period=period)
    period.refresh_from_db()
    rows = Reminder.objects.filter(kind="term_ending").order_by("due_at")
    assert period.term_ends_on == dt.date(2026, 4, 10)
    assert [r.due_at for r in rows] == [at("2026-04-03T02:00:00"), at("2026-04-08T02:00:00")]
    send_due(at("2026-04-03T02:00:00"))
    [email] = mail.outbox
    assert email.subject.startswith(
        f"Detention term runs out on Fri 10 Apr 2026: {period.defender.full_name}"
    )
    assert "SIZO No. 1" in email.body


def test_a_release_cancels_the_term_reminders():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        period = DetentionPeriodFactory(case=case, start_date=dt.date(2026, 2, 10), term_months=2)
        detention_period_refresh_term(period=period)
        assert Reminder.objects.filter(state="pending").count() == 2
        period.actual_end = dt.date(2026, 3, 1)
        period.save()
        reminders_plan(case_ids=[case.pk])
    assert set(Reminder.objects.values_list("state", flat=True)) == {"cancelled"}


def test_an_end_no_source_dates_cancels_the_term_reminders():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        period = DetentionPeriodFactory(case=case, start_date=dt.date(2026, 2, 10), term_months=2)
        detention_period_refresh_term(period=period)
        assert Reminder.objects.filter(state="pending").count() == 2
        period.ended = True  # "is no longer under house arrest"
        period.save()
        reminders_plan(case_ids=[case.pk])
    assert set(Reminder.objects.values_list("state", flat=True)) == {"cancelled"}


# --- Notices of a colleague's change, and digests -------------------------------------------


def test_followers_hear_of_a_new_charge_but_not_the_colleague_who_made_it():
    author, follower, other = staff("amina"), staff("farid"), staff("lena")
    case = CaseFactory()
    defender = DefenderFactory()
    case.defenders.add(defender)
    case.assigned_staff.add(author)
    Subscription.objects.create(user=follower, case=case)
    ChargeFactory(case=case, defender=defender, article="212.2")
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        case_update(
            case=case,
            data={
                "proceedings": [
                    {
                        "id": str(case.proceedings.get().pk),
                        "charges": [{"id": str(c.pk)} for c in case.charges.all()]
                        + [
                            {
                                "defenders": [str(defender.pk)],
                                "instrument": "Criminal Code",
                                "article": "330",
                                "offence": "Arbitrariness",
                            }
                        ],
                    }
                ]
            },
            acting_user=author,
        )
    send_due(at("2026-03-01T12:00:01"))
    [email] = mail.outbox
    assert email.to == [follower.email]
    assert email.subject.startswith("Case changed")
    assert "New charge: Criminal Code, art. 330 (Arbitrariness)." in email.body
    assert other.email not in {m.to[0] for m in mail.outbox}


def test_a_digest_collects_the_days_reminders_in_one_email_at_the_chosen_hour():
    user = staff()
    NotificationSettings.objects.create(
        user=user, delivery="digest", time_zone="Asia/Bishkek", digest_time=dt.time(7, 0)
    )
    case_a, case_b = CaseFactory(title="Case A"), CaseFactory(title="Case B")
    for case in (case_a, case_b):
        case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case_a, day=dt.date(2026, 3, 10), zone="Asia/Bishkek")
        a_hearing(case_b, day=dt.date(2026, 3, 10), time=dt.time(15, 0), zone="Asia/Bishkek")
    assert set(Reminder.objects.values_list("channel", flat=True)) == {"digest"}
    # The scan leaves digest rows alone.
    assert send_due(at("2026-03-03T12:00:00")) == []

    def run_digests(now):
        with time_machine.travel(now, tick=False):
            return [digest_send(digest_id=d, attempt=a) for d, a in digests_claim_due()]

    # 06:59 in Bishkek on 4 March: not yet. 07:00: one digest with both 7-day reminders.
    assert run_digests(at("2026-03-04T00:59:00")) == []
    assert run_digests(at("2026-03-04T01:00:00")) == ["sent"]
    assert run_digests(at("2026-03-04T05:00:00")) == []
    [email] = mail.outbox
    assert email.subject == "Your daily digest: 2 reminders and notices"
    assert "Case A" in email.body and "Case B" in email.body
    digest = Digest.objects.get()
    assert email.extra_headers["Message-ID"] == f"<{digest.key}@appeals.example.org>"
    assert Reminder.objects.filter(state="sent", digest=digest).count() == 2
    # A digest brings what came due since the last one: the 1-day reminders (due 9 March
    # at 10:00 and 15:00 Bishkek time) come in the digest of 10 March, at 07:00.
    assert run_digests(at("2026-03-09T01:00:00")) == []
    assert run_digests(at("2026-03-09T12:00:00")) == []  # due since 07:00: tomorrow
    assert run_digests(at("2026-03-10T01:00:00")) == ["sent"]
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Your daily digest: 2 reminders and notices"


def test_switching_to_the_digest_moves_pending_reminders_to_it():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
        NotificationSettings.objects.create(user=user, delivery="digest")
        reminders_plan(case_ids=[case.pk])
    pending = Reminder.objects.filter(state="pending")
    assert set(pending.values_list("channel", flat=True)) == {"digest"}
    assert pending.count() == 3


# --- Partners' webhook URLs, and the admin --------------------------------------------------


def test_a_webhook_url_must_be_https(settings):
    settings.REMINDER_WEBHOOK_ALLOW_HTTP = False
    partner = Partner(name="P", webhook_url="http://example.org/hook")
    with pytest.raises(ValidationError) as raised:
        partner.full_clean()
    assert raised.value.message_dict["webhook_url"] == ["A webhook URL must start with https://."]
    Partner(name="Q", webhook_url="https://example.org/hook").full_clean()


def test_the_admin_lists_upcoming_hearings_with_each_reminders_state(admin_client_):
    user = staff()
    case = published_case()
    case.assigned_staff.add(user)
    partner = Partner.objects.create(name="Down", webhook_url="http://127.0.0.1:9/hook")
    partner_webhook_secret_rotate(partner=partner)
    Subscription.objects.create(partner=partner, case=case)
    hearing = a_hearing(case, day=dt.date.today() + dt.timedelta(days=3))
    send_due(dt.datetime.now(UTC))
    response = admin_client_.get(reverse("admin:reminders_reminder_upcoming"))
    assert response.status_code == 200
    page = response.content.decode()
    assert hearing.court in page
    assert re.search(r"Down · Webhook · <strong>Pending</strong> — ConnectionError", page)
    assert re.search(r"amina · E-mail · <strong>Sent</strong>", page)
    changelist = admin_client_.get(
        reverse("admin:reminders_reminder_changelist") + "?state=pending"
    )
    assert "ConnectionError" in changelist.content.decode()


def test_the_admin_sends_a_failed_reminder_again(admin_client_):
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
    reminder = Reminder.objects.get(rule__days_before=7)
    Reminder.objects.filter(pk=reminder.pk).update(state="failed", last_error="boom", attempts=3)
    response = admin_client_.post(
        reverse("admin:reminders_reminder_changelist"),
        {"action": "send_again", "_selected_action": [reminder.pk]},
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == ("pending", 0)


# --- A member of staff's own choices --------------------------------------------------------


def test_any_staff_member_sets_their_own_delivery_and_countries(viewer_client, viewer):
    url = reverse("admin:my_reminders")
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(
        url,
        {
            "delivery": "digest",
            "time_zone": "Asia/Bishkek",
            "digest_time": "06:30",
            "countries": ["KG", "KZ"],
        },
    )
    assert response.status_code == 302
    row = NotificationSettings.objects.get(user=viewer)
    assert (row.delivery, row.time_zone, row.digest_time) == (
        "digest",
        "Asia/Bishkek",
        dt.time(6, 30),
    )
    assert sorted(Subscription.objects.filter(user=viewer).values_list("country", flat=True)) == [
        "KG",
        "KZ",
    ]
    viewer_client.post(
        url,
        {"delivery": "digest", "time_zone": "Asia/Bishkek", "digest_time": "06:30",
         "countries": ["KZ"]},
    )  # fmt: skip
    assert list(Subscription.objects.filter(user=viewer).values_list("country", flat=True)) == [
        "KZ"
    ]


def test_a_bad_time_zone_is_a_form_error_and_changes_nothing(viewer_client, viewer):
    response = viewer_client.post(
        reverse("admin:my_reminders"),
        {"delivery": "digest", "time_zone": "Mars/Olympus", "digest_time": "25:00"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["time_zone"] == [
        "Mars/Olympus is not an IANA time zone name such as Asia/Bishkek."
    ]
    assert "digest_time" in errors
    assert not NotificationSettings.objects.filter(user=viewer).exists()


def test_following_a_case_from_its_page_brings_its_reminders(viewer_client, viewer):
    case = CaseFactory()
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
        assert not Reminder.objects.filter(user=viewer).exists()
        follow_url = reverse("admin:cases_case_follow", args=[case.pk])
        assert viewer_client.get(follow_url).status_code == 405
        response = viewer_client.post(follow_url, {"follow": "1"})
        assert response.status_code == 302
        assert Reminder.objects.filter(user=viewer, state="pending").count() == 3
        page = viewer_client.get(reverse("admin:cases_case_change", args=[case.pk]))
        assert "Unfollow" in page.content.decode()
        viewer_client.post(follow_url, {"follow": "0"})
    assert Reminder.objects.filter(user=viewer, state="pending").count() == 0
    assert Reminder.objects.filter(user=viewer, state="cancelled").count() == 3


def test_a_rule_change_replans_in_the_same_number_of_queries_for_1_or_10_hearings():
    user = staff()

    def replan_queries(hearings: int) -> int:
        case = CaseFactory()
        case.assigned_staff.add(user)
        with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
            for day in range(hearings):
                a_hearing(case, day=dt.date(2026, 4, 1) + dt.timedelta(days=day))
            ReminderRule.objects.filter(days_before=7).update(days_before=6)
            with CaptureQueriesContext(connection) as queries:
                result = reminders_plan(case_ids=[case.pk])
        assert result["rescheduled"] == hearings
        ReminderRule.objects.filter(days_before=6).update(days_before=7)
        return len(queries.captured_queries)

    assert replan_queries(1) == replan_queries(10)


def test_a_whole_case_saved_through_the_api_plans_its_reminders_once():
    user = staff()
    case = CaseFactory()
    case.assigned_staff.add(user)
    hearings = [
        {
            "court": f"Court {n}",
            "local_date": dt.date(2026, 4, n + 1),
            "local_time": dt.time(10, 0),
            "time_zone": "Europe/Paris",
            "purpose": "trial",
        }
        for n in range(8)
    ]
    with (
        time_machine.travel(at("2026-03-01T12:00:00"), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        case_update(case=case, data={"hearings": hearings}, acting_user=user)
    plans = [q for q in queries.captured_queries if 'FROM "reminders_reminderrule"' in q["sql"]]
    assert len(plans) == 1
    assert Reminder.objects.filter(kind="hearing_upcoming").count() == 8 * 3
