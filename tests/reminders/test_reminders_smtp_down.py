"""An SMTP server that is down (docs/operations.md, "When a part fails"): the reminder goes
back to pending with a later due time, as a webhook receiver that is down does
(tests/reminders/test_reminders.py)."""

import datetime as dt
import socket

import pytest
import time_machine

from reminders.models import Reminder
from tests.reminders.test_reminders import a_hearing, at, published_case, send_due, staff

pytestmark = pytest.mark.django_db


def _port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_smtp_server_that_is_down_puts_the_reminder_back_with_backoff(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _port_nobody_listens_on()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    case = published_case()
    case.assigned_staff.add(staff(email="amina@example.org"))
    with time_machine.travel(at("2026-03-01T12:00:00"), tick=False):
        a_hearing(case, day=dt.date(2026, 4, 1))
    first = at("2026-03-25T09:00:00")

    assert send_due(first) == ["retry"]

    reminder = Reminder.objects.get(rule__days_before=7, channel=Reminder.Channel.EMAIL)
    assert (reminder.state, reminder.attempts) == ("pending", 1)
    assert reminder.last_error.startswith("ConnectionRefusedError")
    assert reminder.due_at == first + dt.timedelta(seconds=60)
