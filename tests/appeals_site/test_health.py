import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connections

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_answers_ok_on_the_real_database_and_broker(client, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    broker = "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "ok"
    assert response.json() == {"status": "ok", "database": "ok", "broker": broker}


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_does_not_answer(client, settings):
    # Read at request time: overriding the settings after start-up must be what is checked.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "failing": ["broker"],
        "database": "ok",
        "broker": "OperationalError",
    }


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_fails(client, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(type(connections["default"]), "cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["database"] == "OperationalError"
    assert body["broker"] == ("in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "ok")


@pytest.mark.slow
def test_healthz_never_shows_the_passwords_of_the_database_and_broker_urls(tmp_path):
    # A real start-up from the environment, with both services unreachable and both URLs
    # carrying a password, in a fresh interpreter so the running Django is not disturbed.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code)\n"
        "print(response.content.decode())\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "appeals_site.settings.base",
        "SECRET_KEY": "test-only",
        "FIELD_ENCRYPTION_KEYS": "dGVzdC1oZWFsdGgtb25seS1ub3QtYS1zZWNyZXQtISE=",
        "ALLOWED_HOSTS": "testserver",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://appeals:Db-pw-4c9e1@127.0.0.1:1/appeals",
        "CELERY_BROKER_URL": "redis://:Broker-pw-7d2a0@127.0.0.1:1/0",
    }

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.splitlines()[:2]
    assert status == "503"
    assert json.loads(body) == {
        "status": "error",
        "failing": ["database", "broker"],
        "database": "OperationalError",
        "broker": "OperationalError",
    }
    for password in ("Db-pw-4c9e1", "Broker-pw-7d2a0"):
        assert password not in result.stdout
        assert password not in result.stderr  # nor in the logged errors
