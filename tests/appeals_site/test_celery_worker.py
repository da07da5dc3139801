"""The Celery wiring, end to end: a real worker and a real beat process against the real broker.

The worker listens on a queue of its own and has a node name of its own, so runs that share
the broker (two developers, or CI beside a developer) never take each other's messages, and
every control message below is addressed to that one node.

Both processes get a scratch PostgreSQL database of their own, migrated from empty: beat's
DatabaseScheduler writes its default entries from its own connection, so they would be committed
into (and outlive the tests in) whatever database it was given. pytest-django's test database is
no place for that, and it does not even exist when no test of the run asked for a database.
Each scratch database is a copy of one migrated once per test process; the tests that use it
(here and in tests/reminders/test_reminders_worker.py) run in one xdist worker, which makes it
once.
"""

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from appeals_site.celery import app
from tests.conftest import postgres_url
from tests.waiting import wait_until

BASE_DIR = Path(__file__).resolve().parents[2]

# Bounds on every wait, in seconds: a worker that has not answered by then is broken.
START_TIMEOUT = 60
STOP_TIMEOUT = 15

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]

# Every task of the project, by app: the worker must register each.
EXPECTED_TASKS = {
    "letters.tasks.letter_render",
    "letters.tasks.letters_expire",
    "letters.tasks.letters_unsent_enqueue",
    "reminders.tasks.reminders_scan",
    "reminders.tasks.digests_scan",
    "reminders.tasks.reminder_send",
    "reminders.tasks.digest_send",
    "reminders.tasks.reminders_replan",
    "importer.tasks.document_read",
    "importer.tasks.documents_unread_enqueue",
}


@pytest.fixture
def broker():
    """Return a connection to the broker the settings name."""
    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=3)
        yield conn


@pytest.fixture
def with_workers():
    """Tasks go to the broker, whatever another test left set."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


@contextmanager
def queue_of_its_own(broker, task_name: str, prefix: str) -> Iterator[str]:
    """Route the task `task_name` to a queue of this run's own (a worker started on it gets
    only this test's messages); delete the queue afterwards."""
    queue = f"appeals-test-{prefix}-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_routes
    _routes_set({task_name: {"queue": queue}})
    try:
        yield queue
    finally:
        _routes_set(previous)
        broker.default_channel.queue_delete(queue)


def _routes_set(routes) -> None:
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    # The router is made once, with the routes of that moment (celery.app.amqp.AMQP.router, a
    # cached property): drop it, or a second test's route would go unheeded in this process.
    app.amqp.__dict__.pop("router", None)


@contextmanager
def _process(args: list[str], log_path: Path, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """Run `args` in a process group of its own, logging to `log_path`; always stop it."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Stop the process group warmly (SIGTERM), then for good (SIGKILL)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


def _wait_for(
    what: str,
    found: Callable[[], object],
    process: subprocess.Popen,
    log_path: Path,
    *,
    timeout: float = START_TIMEOUT,
):
    """Return the first truthy `found()`; fail with the process's log if it dies or stalls."""

    def alive_and_found():
        if process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}:\n{_log(log_path)}")
        return found()

    return wait_until(
        alive_and_found,
        timeout=timeout,
        interval=0.2,
        message=lambda: f"{what}: nothing came. The process's log:\n{_log(log_path)}",
    )


def _log(log_path: Path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "appeals_site", *args]


def _environment(database_url: str) -> dict[str, str]:
    # The settings module stays the one pytest-django set (appeals_site.settings.test).
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }


@contextmanager
def worker_on_queue(
    broker, queue: str, log_path: Path, **environment: str
) -> Iterator[subprocess.Popen]:
    """Run a worker as in production (prefork, so that time limits apply) on `queue` alone,
    with the test's own database and media root (plus `environment`); return it once it
    answers a ping; always stop it."""
    node = f"{queue}@pytest"
    args = _celery(
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "--loglevel=info",
        f"--queues={queue}",
        f"--hostname={node}",
        "--without-gossip",
        "--without-mingle",
    )
    env = {
        **_environment(postgres_url(connection.settings_dict["NAME"])),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **environment,
    }
    with _process(args, log_path, env) as worker:
        _wait_for(
            "worker ping",
            lambda: app.control.ping(destination=[node], timeout=1.0, connection=broker),
            worker,
            log_path,
        )
        yield worker


@pytest.mark.slow
def test_a_worker_starts_registers_the_project_tasks_and_runs_a_task(
    tmp_path, broker, migrated_database_url
):
    run = uuid.uuid4().hex[:12]
    queue = f"appeals-test-{run}"
    node = f"appeals-test-{run}@pytest"
    log_path = tmp_path / "worker.log"
    project_tasks = {name for name in app.tasks if not name.startswith("celery.")}
    args = _celery(
        "worker",
        "--pool=solo",
        "--loglevel=info",
        f"--queues={queue}",
        f"--hostname={node}",
        # No gossip or mingle: this worker need not hear of others on a shared broker.
        "--without-gossip",
        "--without-mingle",
    )

    try:
        # As compose's letters worker takes a lower CPU priority (appeals_site.celery).
        environment = _environment(migrated_database_url) | {"WORKER_NICENESS": "7"}
        with _process(args, log_path, environment) as worker:
            _wait_for(
                "worker ping",
                lambda: app.control.ping(destination=[node], timeout=1.0, connection=broker),
                worker,
                log_path,
            )
            assert os.getpriority(os.PRIO_PROCESS, worker.pid) == 7
            inspect = app.control.inspect(destination=[node], timeout=5.0, connection=broker)
            registered = set((inspect.registered() or {}).get(node, []))
            assert project_tasks <= registered, f"not registered: {project_tasks - registered}"
            # Found by autodiscovery (each app's tasks module), no module listed in the settings.
            assert registered >= EXPECTED_TASKS, f"not registered: {EXPECTED_TASKS - registered}"

            # A built-in task, sent through the broker to this worker's queue; the worker
            # counts what it has run in its stats.
            sent = app.send_task("celery.accumulate", args=(1, 2), queue=queue, connection=broker)
            _wait_for(
                "the task run by the worker",
                lambda: (inspect.stats() or {}).get(node, {}).get("total", {}),
                worker,
                log_path,
            )
            assert inspect.stats()[node]["total"] == {"celery.accumulate": 1}
        log = _log(log_path)
        assert f"Task celery.accumulate[{sent.id}] succeeded" in log, log
        assert worker.returncode == 0, log
    finally:
        broker.default_channel.queue_delete(queue)


@pytest.mark.slow
def test_beat_starts_with_the_database_scheduler(tmp_path, migrated_database_url):
    log_path = tmp_path / "beat.log"
    # At debug level beat logs each tick ("beat: Waking up in …").
    args = _celery("beat", "--loglevel=debug")

    with _process(args, log_path, _environment(migrated_database_url)) as beat:
        # Beat reads and writes its schedule in the database as it starts (beat_init installs
        # the reminder scan; the DatabaseScheduler writes its default entries), then ticks: the
        # first tick's "Waking up" comes once all that is done. Had it failed, beat would have
        # exited first, and the wait fails with its log.
        _wait_for("beat's first tick", lambda: "beat: Waking up" in _log(log_path), beat, log_path)
        assert beat.poll() is None, _log(log_path)

    log = _log(log_path)
    assert "scheduler -> django_celery_beat.schedulers.DatabaseScheduler" in log, log
    assert "Traceback" not in log, log
    # The reminders and letters apps installed their periodic tasks as beat started.
    with psycopg2.connect(migrated_database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT p.name, p.task, i.every, i.period FROM django_celery_beat_periodictask p "
            "JOIN django_celery_beat_intervalschedule i ON i.id = p.interval_id ORDER BY p.name"
        )
        assert cursor.fetchall() == [
            # The letters app's, on the same signal (letters.apps).
            ("Delete expired letters", "letters.tasks.letters_expire", 3600, "seconds"),
            ("Send daily digests", "reminders.tasks.digests_scan", 60, "seconds"),
            ("Send due reminders", "reminders.tasks.reminders_scan", 60, "seconds"),
            (
                "Send readings the broker missed",
                "importer.tasks.documents_unread_enqueue",
                120,
                "seconds",
            ),
            (
                "Send renders the broker missed",
                "letters.tasks.letters_unsent_enqueue",
                60,
                "seconds",
            ),
        ]
