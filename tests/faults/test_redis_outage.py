"""Keep serving when a part fails (docs/operations.md): the app under gunicorn, a Celery worker
with its beat, and a Redis of their own (the cache and the broker), as in production. Redis is
killed mid-run, then started again; later the database's connections are killed.

Everything is started once for the module (module-scoped fixtures), and the outage happens
once (the `outage` fixture: Redis killed, the requests of an outage made and their answers
kept, Redis started again). Each test then asserts one thing about it.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
import requests
from cryptography.fernet import Fernet

from tests.appeals_site.test_celery_worker import _celery, _log, _process, _wait_for
from tests.appeals_site.test_http_security import production_env
from tests.waiting import wait_until

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.services,
    pytest.mark.slow,
    pytest.mark.timeout(240),
    # One of each process for the whole module: its tests run in one xdist worker.
    pytest.mark.xdist_group("faults"),
]

# Bounds on the waits, in seconds.
START_TIMEOUT = 60
RECOVERY_TIMEOUT = 90

SETUP = """
import datetime as dt, json
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.utils import timezone
from cases.models import Case
from cases.references import case_public_path
from letters.context import Campaigner
from letters.services import letter_request
from partners.services import api_key_create, partner_create
from tests.factories import CaseAuthorityFactory, UserFactory
from tests.letters.test_letters import _appeal

appeal = _appeal(authorities=1)
case = appeal.case
# One title for the case and its appeal, whichever a page shows; "Faultline" finds it.
title = "Kyrgyzstan: Arbitrary detention of Aibek Faultline"
Case.objects.filter(pk=case.pk).update(title=title)
appeal.texts.filter(language="en").update(title=title)
case.refresh_from_db()
authority = appeal.appeal_authorities.get().authority
CaseAuthorityFactory(case=case, authority=authority, position=0)
staff = UserFactory(username="rita", email="rita@example.org", is_staff=True)
# Hashed as production hashes (the tests' settings use a fast hasher production refuses).
hasher = PBKDF2PasswordHasher()
staff.password = hasher.encode("fault-test-password", hasher.salt())
staff.save()
staff.groups.add(Group.objects.get(name="reviewer"))
case.assigned_staff.add(staff)
_key, staff_key = api_key_create(user=staff, name="faults")
_partner, partner_key = partner_create(name="Front Line")
# A campaigner's letter made before the outage (rendered here: no broker in this process).
letter = letter_request(appeal=appeal, authority_id_or_all=authority.pk, language="en",
    campaigner=Campaigner(name="Jane Before"))
letter.refresh_from_db()  # rendered once its request committed
print(json.dumps({
    "case": str(case.pk), "title": case.title, "appeal": str(appeal.pk),
    "authority": str(authority.pk), "path": case_public_path(reference=case.reference),
    "staff_key": staff_key, "partner_key": partner_key, "letter": str(letter.pk),
    "letter_status": letter.status,
}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence: started again
    after a kill, it is empty, as a Redis restarted after losing its memory is."""

    def __init__(self, directory: Path) -> None:
        self.port = _free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.starts += 1
        log = open(self.directory / f"redis-{self.starts}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--daemonize", "no", "--dir", str(self.directory)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=10, message="redis-server did not answer")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def setup_run(script: str, **environment: str) -> dict:
    """Run `script` in `manage.py shell` with the test settings, no broker and no cache, and
    `environment`; return the JSON object its last line prints."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env={**os.environ, "CELERY_BROKER_URL": "", "CACHE_URL": "", **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def work_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="module")
def redis_server(work_dir):
    server = RedisServer(work_dir)
    server.start()
    yield server
    if server.process and server.process.poll() is None:
        server.kill()


@pytest.fixture(scope="module")
def encryption_key() -> str:
    """The key of the confidential fields, for the setup and the processes alike."""
    return Fernet.generate_key().decode()


@pytest.fixture(scope="module")
def records(module_migrated_database_url, work_dir, encryption_key) -> dict:
    """Return what the setup made (SETUP), in the module's own database."""
    # Test settings, no broker and no Redis: the letter renders in this process.
    made = setup_run(
        SETUP,
        DATABASE_URL=module_migrated_database_url,
        MEDIA_ROOT=str(work_dir / "media"),
        FIELD_ENCRYPTION_KEYS=encryption_key,
    )
    assert made["letter_status"] == "ready", made
    return made


@pytest.fixture(scope="module")
def environment(
    module_migrated_database_url, redis_server, work_dir, encryption_key
) -> dict[str, str]:
    """The production environment of every process, with Redis as the cache and the broker."""
    return production_env(
        work_dir,
        HOME=os.environ.get("HOME", str(work_dir)),
        DJANGO_SETTINGS_MODULE="tests.faults.settings",
        FIELD_ENCRYPTION_KEYS=encryption_key,
        DATABASE_URL=module_migrated_database_url,
        CACHE_URL=redis_server.url(0),
        CELERY_BROKER_URL=redis_server.url(1),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        MEDIA_ROOT=str(work_dir / "media"),
        EMAIL_BACKEND="file",
        EMAIL_FILE_PATH=str(work_dir / "mail"),
        SITE_URL="https://appeals.example.org",
        # Beat sends the reminders' scan and the letters' sweep every second.
        REMINDER_SCAN_INTERVAL_SECONDS="1",
        LETTER_SWEEP_INTERVAL_SECONDS="1",
        CACHE_CIRCUIT_SECONDS="1",
    )


@pytest.fixture(scope="module")
def stack(records, environment, work_dir):
    """Start gunicorn and a worker with its beat; return the site's URL and the worker's log.
    Stopped when the module's tests are done."""
    run = uuid.uuid4().hex[:8]
    worker_args = _celery(
        "worker",
        "--beat",
        f"--schedule={work_dir / 'beat-schedule'}",
        "--pool=prefork",
        "--concurrency=1",
        "--loglevel=info",
        "--queues=celery,letters",
        f"--hostname=faults-{run}@pytest",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    )
    gunicorn_args = [sys.executable, "-m", "gunicorn", "appeals_site.wsgi:application"]
    gunicorn_env = {
        **environment,
        # The partner's sync page reaches up to now: the case the module makes a moment
        # before is on it (by default `until` stays 5 s behind the clock, and the case would be
        # missing when the outage comes sooner).
        "API_SYNC_SETTLE_SECONDS": "0",
        "GUNICORN_CMD_ARGS": "--bind 127.0.0.1:0 --workers 1 --threads 2 --no-control-socket "
        # Stopped at once when the tests are done.
        "--graceful-timeout 1",
    }
    worker_log, gunicorn_log = work_dir / "worker.log", work_dir / "gunicorn.log"
    with (
        _process(worker_args, worker_log, environment) as worker,
        _process(gunicorn_args, gunicorn_log, gunicorn_env) as server,
    ):
        listening = _wait_for(
            "gunicorn listening",
            lambda: re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", _log(gunicorn_log)),
            server,
            gunicorn_log,
        )
        url = listening.group(1)
        _wait_for("gunicorn answering", lambda: _answers(url), server, gunicorn_log)
        _wait_for("beat's first scan", lambda: _scans(worker_log) >= 1, worker, worker_log)
        yield {"url": url, "worker": worker, "worker_log": worker_log, "server": server}
        # Nothing of the worker's is needed any more: no warm shutdown (it waits for its
        # embedded beat and gives back its messages, seconds for nothing).
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        # The first request loads the app in gunicorn's worker: it may take a while.
        requests.get(url + "/healthz", timeout=10)
    except requests.RequestException:
        return False
    return True


SCAN_DONE = re.compile(r"Task reminders\.tasks\.reminders_scan\[[^\]]+\] succeeded")


def _scans(log_path: Path) -> int:
    return len(SCAN_DONE.findall(_log(log_path)))


def _client(url: str, key: str | None = None) -> requests.Session:
    """Return a client of the site as behind its TLS proxy (X-Forwarded-Proto: https)."""
    session = requests.Session()
    session.headers["X-Forwarded-Proto"] = "https"
    if key:
        session.headers["Authorization"] = f"Bearer {key}"
    session.request = _with_timeout(session.request)  # type: ignore[method-assign]
    return session


def _with_timeout(request):
    # No request may hang: every one answers within a few seconds, Redis down or not.
    def bounded(method, url, **kwargs):
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        return request(method, url, **kwargs)

    return bounded


def _public_answers(url: str, made: dict) -> dict[str, requests.Response]:
    """Return the answers to the public pages, feeds, API docs and the partners' API."""
    public = _client(url)
    partner = _client(url, made["partner_key"])
    return {
        "list": public.get(url + "/"),
        "search": public.get(url + "/", params={"q": "Faultline"}),
        "appeal": public.get(url + made["path"]),
        "feed": public.get(url + "/feeds/appeals.rss"),
        "api_docs": public.get(url + "/api/docs/"),
        "partner_cases": partner.get(url + "/api/v1/cases/"),
        "partner_case": partner.get(url + f"/api/v1/cases/{made['case']}/"),
    }


def _staff_login(url: str) -> requests.Response:
    """Give the staff member's password on the login page; return the answer (a redirect to
    the second factor when the session was stored)."""
    staff = _client(url)
    page = staff.get(url + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    # The cookies are Secure (production): requests would keep them off a plain-HTTP URL.
    cookies = {cookie.name: cookie.value for cookie in staff.cookies}
    return staff.post(
        url + "/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": "rita", "password": "fault-test-password"},
        headers={"Referer": url.replace("http://", "https://") + "/admin/login/"},
        cookies=cookies,
    )


def _hearing_in_two_days() -> dict:
    import datetime as dt

    return {
        "court": "Bishkek City Court",
        "city": "Bishkek",
        "local_date": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
        "local_time": "12:00:00",
        "time_zone": "Asia/Bishkek",
        "purpose": "trial",
    }


@pytest.fixture(scope="module")
def outage(stack, records, redis_server, module_migrated_database_url) -> dict:
    """Kill Redis; make the requests of an outage and keep their answers; start Redis again.
    Return the answers, and the letters and reminders the outage left to do."""
    url = stack["url"]
    before = _public_answers(url, records)  # with Redis up: what the cache may then hold
    assert {name: r.status_code for name, r in before.items()} == dict.fromkeys(before, 200)

    redis_server.kill()
    staff = _client(url, records["staff_key"])
    campaigner = _client(url)
    answers = {
        "health": _client(url).get(url + "/healthz"),
        "public": _public_answers(url, records),
        "login_page": _client(url).get(url + "/admin/login/"),
        "login": _staff_login(url),
        "hearing": staff.patch(
            url + f"/api/v1/cases/{records['case']}/",
            json={"hearings": [_hearing_in_two_days()]},
        ),
        "follow_up": staff.post(
            url + f"/api/v1/cases/{records['case']}/appeals/",
            json={"actions": [{"language": "en", "position": 1, "text": "Release them."}]},
        ),
        "new_letter": campaigner.post(
            url + f"/api/v1/appeals/{records['appeal']}/letters/",
            json={"authority": records["authority"], "language": "en", "name": "Maria Outage"},
        ),
        "existing_letter": campaigner.get(url + f"/api/v1/letters/{records['letter']}/pdf"),
    }
    with psycopg2.connect(module_migrated_database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT key::text, state FROM reminders_reminder WHERE case_id = %s "
            "AND due_at <= now() AND channel = 'email'",
            [records["case"]],
        )
        answers["reminders_due"] = dict(cursor.fetchall())
        cursor.execute(
            "SELECT id::text, status, enqueued_at IS NULL FROM letters_letter "
            "WHERE appeal_id <> %s",
            [records["appeal"]],
        )
        answers["letters_queued"] = cursor.fetchall()
    redis_server.start()
    return answers


# --- While Redis is down ---------------------------------------------------------------------


def test_public_pages_feeds_api_docs_and_partner_api_answer_from_the_database(outage, records):
    answers = outage["public"]

    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 200)
    for page in ("list", "search", "appeal", "feed"):
        assert records["title"] in answers[page].text, page
    assert "swagger-ui" in answers["api_docs"].text
    assert records["case"] in [case["id"] for case in answers["partner_cases"].json()["results"]]
    assert answers["partner_case"].json()["title"] == records["title"]


def test_the_health_check_names_the_broker(outage):
    assert outage["health"].status_code == 503
    assert outage["health"].json()["failing"] == ["broker"]


def test_staff_log_in_with_sessions_in_the_database(outage):
    assert outage["login_page"].status_code == 200
    assert outage["login"].status_code == 302
    assert outage["login"].headers["Location"].startswith("/admin/second-factor/")


def test_a_staff_edit_commits_and_its_reminders_are_planned(outage):
    assert outage["hearing"].status_code == 200, outage["hearing"].text
    assert outage["hearing"].json()["hearings"][0]["court"] == "Bishkek City Court"
    # "7 days before" a hearing two days ahead: due at once, waiting for the scan.
    assert len(outage["reminders_due"]) == 1
    assert set(outage["reminders_due"].values()) == {"pending"}


def test_an_issued_appeal_commits_and_its_letters_wait_as_records(outage):
    assert outage["follow_up"].status_code == 201, outage["follow_up"].text
    # Its standard letter, recorded but never sent to the workers: the broker was down.
    assert [(status, unsent) for _id, status, unsent in outage["letters_queued"]] == [
        ("pending", True)
    ]


def test_a_new_personalised_letter_is_a_503_with_retry_after(outage):
    answer = outage["new_letter"]

    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "60"
    body = answer.json()
    assert (body["code"], body["reason"]) == ("over_budget", "unavailable")
    assert body["detail"].startswith(
        "New letters cannot be made right now: part of the service is down."
    )
    assert "Maria Outage" in body["text"]


def test_an_existing_letter_downloads(outage):
    answer = outage["existing_letter"]

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")


# --- Once Redis is back, without restarting anything ---------------------------------------


def test_after_redis_returns_queued_letters_render_and_due_reminders_go_once(
    outage, stack, records, module_migrated_database_url, work_dir
):
    [(letter_id, _status, _unsent)] = outage["letters_queued"]
    [reminder_key] = outage["reminders_due"]

    def done() -> bool:
        with psycopg2.connect(module_migrated_database_url) as db, db.cursor() as cursor:
            cursor.execute("SELECT status FROM letters_letter WHERE id = %s", [letter_id])
            letter_status = cursor.fetchone()[0]
            cursor.execute("SELECT state FROM reminders_reminder WHERE key = %s", [reminder_key])
            reminder_state = cursor.fetchone()[0]
        return letter_status == "ready" and reminder_state == "sent"

    _wait_for(
        "the queued letter rendered and the due reminder sent",
        done,
        stack["worker"],
        stack["worker_log"],
        timeout=RECOVERY_TIMEOUT,
    )
    # Two more scans, each of which could send the reminder again: nothing more goes.
    scans = _scans(stack["worker_log"])
    _wait_for(
        "two more scans",
        lambda: _scans(stack["worker_log"]) >= scans + 2,
        stack["worker"],
        stack["worker_log"],
    )
    assert _message_ids(work_dir / "mail") == [reminder_key]
    # The site's pages use the cache again: the same answers as before the outage.
    answers = _public_answers(stack["url"], records)
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 200)
    assert _client(stack["url"]).get(stack["url"] + "/healthz").json()["broker"] == "ok"


# --- The database's connections killed -------------------------------------------------------


def test_after_the_database_kills_its_connections_the_next_requests_succeed(
    outage, stack, records, module_migrated_database_url
):
    name = module_migrated_database_url.rsplit("/", 1)[1]
    with psycopg2.connect(module_migrated_database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        assert cursor.fetchone()[0] >= 1  # gunicorn's, at least (connections are kept 60 s)

    answers = _public_answers(stack["url"], records)

    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 200)
    assert records["title"] in answers["appeal"].text


def _message_ids(mail_dir: Path) -> list[str]:
    """Return the Message-ID of every e-mail written (a reminder's is its key)."""
    ids = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        ids += re.findall(r"^Message-ID: <([^@>]+)@", path.read_text(), flags=re.MULTILINE)
    return ids
