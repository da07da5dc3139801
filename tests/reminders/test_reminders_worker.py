"""Reminders end to end: a real beat and a real worker against the real Redis, a scratch
PostgreSQL database, a local webhook receiver and a file e-mail backend.

1. A hearing due soon produces exactly one e-mail and one signed webhook, however many scans
   run after.
2. The worker is killed while sending (the webhook receiver holds the request; the e-mail is
   written but the reminder not yet marked sent). A new worker takes the reminders up again
   once their lease runs out: every reminder arrives, and each repeat carries the same
   idempotency key as the first (webhook Idempotency-Key, e-mail Message-ID).
"""

import json
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest

from tests.appeals_site.test_celery_worker import (  # noqa: F401 - fixtures
    BASE_DIR,
    _celery,
    _environment,
    _log,
    _process,
    _wait_for,
    broker,
)
from tests.reminders.support import WebhookReceiver, payload, signature_valid

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]

SETUP = """
import datetime as dt, json
from django.utils import timezone
from partners.models import Partner
from partners.services import partner_webhook_secret_rotate
from cases.models import Case, Hearing
from reminders.models import Subscription
from cases.services import hearing_save
from django.contrib.auth import get_user_model

user, _ = get_user_model().objects.get_or_create(
    username="amina", defaults={"email": "amina@example.org", "is_staff": True})
partner, created = Partner.objects.get_or_create(name="Front Line",
    defaults={"webhook_url": "%(url)s"})
secret = partner_webhook_secret_rotate(partner=partner) if created else partner.webhook_secret
case = Case.objects.create(country="FR", time_zone="Europe/Paris", title="%(title)s",
    status="published", published_at=timezone.now())
case.assigned_staff.add(user)
Subscription.objects.create(partner=partner, case=case)
# Two days ahead: "7 days before" has passed and is due at once; "1 day before" is ahead.
local = (timezone.now() + dt.timedelta(days=2)).astimezone(dt.timezone.utc)
hearing = Hearing(case=case, court="Paris Court of Appeal", city="Paris",
    local_date=local.date(), local_time=dt.time(12, 0), time_zone="Europe/Paris",
    purpose="trial")
hearing_save(hearing=hearing, acting_user=None)
keys = {r.channel: str(r.key) for r in hearing.reminders.filter(due_at__lte=timezone.now())}
print(json.dumps({"secret": secret, "keys": keys}))
"""


def _setup(database_url: str, receiver_url: str, title: str) -> dict:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP % {"url": receiver_url, "title": title}],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url, "REMINDER_WEBHOOK_ALLOW_HTTP": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _message_ids(mail_dir: Path) -> list[str]:
    ids = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        ids += re.findall(r"^Message-ID: <([^@>]+)@", path.read_text(), flags=re.MULTILINE)
    return ids


# The worker's log line for each scan it has run (beat sends one every second here).
SCAN_DONE = re.compile(r"Task reminders\.tasks\.reminders_scan\[[^\]]+\] succeeded")


def _scans(log_path: Path) -> int:
    """Return how many scans the worker logging to `log_path` has run."""
    return len(SCAN_DONE.findall(_log(log_path)))


def _states(database_url: str) -> dict:
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT state, count(*) FROM reminders_reminder WHERE due_at <= now() GROUP BY 1"
        )
        return dict(cursor.fetchall())


@pytest.mark.slow
def test_reminders_arrive_once_and_a_crash_repeat_carries_the_same_key(
    tmp_path,
    broker,  # noqa: F811 - the fixture imported above
    migrated_database_url,
):
    run = uuid.uuid4().hex[:12]
    queue = f"appeals-reminders-{run}"
    mail_dir = tmp_path / "mail"
    stall_marker = tmp_path / "stall-mail"
    env = {
        **_environment(migrated_database_url),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "REMINDER_SCAN_INTERVAL_SECONDS": "1",
        "REMINDER_SEND_LEASE_SECONDS": "6",
        "REMINDER_WEBHOOK_ALLOW_HTTP": "true",
        "REMINDER_WEBHOOK_TIMEOUT_SECONDS": "60",
        "EMAIL_BACKEND": "tests.reminders.support.StallingFileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "STALL_MAIL_MARKER": str(stall_marker),
        "SITE_URL": "https://appeals.example.org",
    }
    worker_args = _celery(
        "worker",
        "--pool=prefork",
        "--concurrency=2",
        "--loglevel=info",
        f"--hostname=reminders-{run}@pytest",
        "--without-gossip",
        "--without-mingle",
    )
    beat_args = _celery(
        "beat",
        "--loglevel=info",
        "--max-interval=1",
        f"--pidfile={tmp_path / 'beat.pid'}",
        f"--schedule={tmp_path / 'beat-schedule'}",
    )

    try:
        with WebhookReceiver() as receiver:
            first = _setup(migrated_database_url, receiver.url, "France: first")
            with (
                _process(beat_args, tmp_path / "beat.log", env) as beat,
                _process(worker_args, tmp_path / "worker.log", env) as worker,
            ):
                # 1. Exactly one e-mail and one signed webhook.
                _wait_for(
                    "the first webhook and e-mail",
                    lambda: receiver.requests and _message_ids(mail_dir),
                    worker,
                    tmp_path / "worker.log",
                )
                # Four more scans, each of which could have sent a reminder again: nothing
                # more may arrive.
                scans = _scans(tmp_path / "worker.log")
                _wait_for(
                    "four more scans",
                    lambda: _scans(tmp_path / "worker.log") >= scans + 4,
                    worker,
                    tmp_path / "worker.log",
                )
                assert beat.poll() is None, _log(tmp_path / "beat.log")
                assert len(receiver.requests) == 1
                [request] = receiver.requests
                assert request["headers"]["Idempotency-Key"] == first["keys"]["webhook"]
                assert signature_valid(
                    secret=first["secret"], headers=request["headers"], body=request["body"]
                )
                assert payload(request)["hearing"]["court"] == "Paris Court of Appeal"
                assert _message_ids(mail_dir) == [first["keys"]["email"]]

                # 2. Killed in the middle of sending.
                receiver.mode = "slow"
                receiver.slow_seconds = 60
                stall_marker.touch()
                second = _setup(migrated_database_url, receiver.url, "France: second")
                _wait_for(
                    "the second reminders in flight",
                    lambda: len(receiver.requests) == 2 and len(_message_ids(mail_dir)) == 2,
                    worker,
                    tmp_path / "worker.log",
                )
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=15)
                assert _states(migrated_database_url).get("sending") == 2
            receiver.mode = "ok"
            stall_marker.unlink()
            with (
                _process(beat_args, tmp_path / "beat2.log", env),
                _process(worker_args, tmp_path / "worker2.log", env) as worker2,
            ):
                _wait_for(
                    "the repeats after the crash",
                    lambda: (
                        len(receiver.requests) >= 3
                        and len(_message_ids(mail_dir)) >= 3
                        and _states(migrated_database_url) == {"sent": 4}
                    ),
                    worker2,
                    tmp_path / "worker2.log",
                )
                # Three more scans, any of which could send a fourth time: none may.
                scans = _scans(tmp_path / "worker2.log")
                _wait_for(
                    "three more scans",
                    lambda: _scans(tmp_path / "worker2.log") >= scans + 3,
                    worker2,
                    tmp_path / "worker2.log",
                )
            keys = [r["headers"]["Idempotency-Key"] for r in receiver.requests]
            assert keys == [first["keys"]["webhook"], second["keys"]["webhook"],
                            second["keys"]["webhook"]]  # fmt: skip
            assert sorted(_message_ids(mail_dir)) == sorted(
                [first["keys"]["email"], second["keys"]["email"], second["keys"]["email"]]
            )
            for request in receiver.requests:
                assert signature_valid(
                    secret=first["secret"], headers=request["headers"], body=request["body"]
                )
    finally:
        broker.default_channel.queue_delete(queue)
