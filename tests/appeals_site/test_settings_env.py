"""The settings read the environment strictly (appeals_site/env.py).

Each test imports `appeals_site.settings.base` in a fresh interpreter with an environment it
controls, so the Django running the tests is not disturbed and nothing leaks between cases.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

_PRINT_SETTINGS = """
import json
from appeals_site.settings import base as s
database = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
    "CONN_MAX_AGE": database.get("CONN_MAX_AGE"),
    "DISABLE_SERVER_SIDE_CURSORS": database.get("DISABLE_SERVER_SIDE_CURSORS"),
    "OPTIONS": database.get("OPTIONS", {}),
    "CELERY_BROKER_URL": s.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "EMAIL_PORT": s.EMAIL_PORT,
    "LOG_LEVEL": s.LOG_LEVEL,
}))
"""


TEST_FIELD_ENCRYPTION_KEY = "dGVzdC1zZXR0aW5ncy1lbnYtb25seS1ub3Qtc2VjciE="


def _import_settings(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    # A valid encryption key, which production settings require (tests of the key itself are
    # in test_encryption.py); a test may set its own.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "VAR_DIR": str(tmp_path / "var"),
        "FIELD_ENCRYPTION_KEYS": TEST_FIELD_ENCRYPTION_KEY,
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", _PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_from(tmp_path: Path, **variables: str) -> dict:
    """Return the settings that the environment `variables` give."""
    result = _import_settings(tmp_path, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def error_from(tmp_path: Path, **variables: str) -> str:
    """Return the last line of the error that the environment `variables` cause."""
    result = _import_settings(tmp_path, **variables)
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


def test_a_misspelt_boolean_is_an_error_not_false(tmp_path):
    error = error_from(tmp_path, DEBUG="ture", SECRET_KEY="k")

    assert error == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG='ture' is not a boolean; use one of "
        "['0', '1', 'false', 'no', 'off', 'on', 'true', 'yes']."
    )


@pytest.mark.parametrize("spelling", ["yes", "YES", "true", "1", "on"])
def test_debug_accepts_the_usual_spellings_of_true(tmp_path, spelling):
    assert settings_from(tmp_path, DEBUG=spelling)["DEBUG"] is True


def test_debug_is_off_unless_set(tmp_path):
    assert settings_from(tmp_path, SECRET_KEY="k")["DEBUG"] is False


def test_the_secret_key_is_read_from_the_file_named_by_secret_key_file(tmp_path):
    secret_file = tmp_path / "secret_key"
    secret_file.write_text("from-a-docker-secret\n", encoding="utf-8")

    assert settings_from(tmp_path, SECRET_KEY_FILE=str(secret_file))["SECRET_KEY"] == (
        "from-a-docker-secret"
    )


def test_an_unreadable_secret_key_file_is_an_error(tmp_path):
    missing = tmp_path / "no-such-file"

    error = error_from(tmp_path, SECRET_KEY_FILE=str(missing))

    assert error.startswith(
        f"django.core.exceptions.ImproperlyConfigured: SECRET_KEY_FILE={str(missing)!r} "
        "cannot be read: "
    )


def test_a_missing_secret_key_is_an_error_when_debug_is_off(tmp_path):
    error = error_from(tmp_path, DEBUG="false")

    assert error == (
        "django.core.exceptions.ImproperlyConfigured: "
        "SECRET_KEY (or SECRET_KEY_FILE) must be set unless DEBUG=true."
    )


def test_debug_runs_without_a_secret_key(tmp_path):
    assert settings_from(tmp_path, DEBUG="true")["SECRET_KEY"].startswith("django-insecure-")


def test_database_url_selects_postgresql(tmp_path):
    found = settings_from(
        tmp_path,
        SECRET_KEY="k",
        DATABASE_URL="postgres://appeals:pw@db.example.org:5432/appeals",
        DATABASE_CONN_MAX_AGE="30",
    )

    assert (found["ENGINE"], found["HOST"], found["NAME"], found["CONN_MAX_AGE"]) == (
        "django.db.backends.postgresql",
        "db.example.org",
        "appeals",
        30,
    )


def test_a_transaction_pooler_turns_off_server_side_cursors_and_prepared_pages(tmp_path):
    assert settings_from(tmp_path, SECRET_KEY="k")["DISABLE_SERVER_SIDE_CURSORS"] is False
    pooled = settings_from(tmp_path, SECRET_KEY="k", DATABASE_TRANSACTION_POOLER="true")
    assert pooled["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_without_database_url_the_database_is_the_embedded_postgresql_in_var_dir(tmp_path):
    found = settings_from(tmp_path, SECRET_KEY="k")

    assert (found["ENGINE"], found["HOST"], found["NAME"]) == (
        "django.db.backends.postgresql",
        str(tmp_path / "var" / "postgres"),
        "appeals",
    )


def test_connections_turn_postgresql_jit_off_keeping_options_from_the_url(tmp_path):
    found = settings_from(
        tmp_path,
        SECRET_KEY="k",
        DATABASE_URL="postgres://appeals@db.example.org:5432/appeals?options=-c%20work_mem%3D8MB",
    )

    assert found["OPTIONS"]["options"] == "-c work_mem=8MB -c jit=off"


@pytest.mark.django_db
def test_the_database_connection_has_jit_off():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_a_database_url_that_is_not_postgresql_is_an_error(tmp_path):
    error = error_from(
        tmp_path, SECRET_KEY="k", DATABASE_URL="mysql://appeals@db.example.org/appeals"
    )

    assert error == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL: "
        "django.db.backends.mysql is not supported; give a postgres:// URL."
    )


def test_a_connection_age_that_is_no_number_is_an_error(tmp_path):
    error = error_from(
        tmp_path,
        SECRET_KEY="k",
        DATABASE_URL="postgres://appeals@127.0.0.1:5432/appeals",
        DATABASE_CONN_MAX_AGE="a minute",
    )

    assert error == (
        "django.core.exceptions.ImproperlyConfigured: "
        "DATABASE_CONN_MAX_AGE='a minute' is not a whole number."
    )


def test_a_worker_niceness_beyond_19_is_an_error(tmp_path):
    error = error_from(tmp_path, SECRET_KEY="k", WORKER_NICENESS="20")

    assert error == (
        "django.core.exceptions.ImproperlyConfigured: "
        "WORKER_NICENESS must be a niceness from 0 to 19."
    )


def test_without_a_broker_tasks_run_in_process(tmp_path):
    found = settings_from(tmp_path, SECRET_KEY="k")

    assert (found["CELERY_TASK_ALWAYS_EAGER"], found["CELERY_BROKER_URL"]) == (True, "memory://")


def test_a_broker_url_sends_tasks_to_the_broker(tmp_path):
    found = settings_from(tmp_path, SECRET_KEY="k", CELERY_BROKER_URL="redis://redis:6379/0")

    assert (found["CELERY_TASK_ALWAYS_EAGER"], found["CELERY_BROKER_URL"]) == (
        False,
        "redis://redis:6379/0",
    )


def test_allowed_hosts_is_a_comma_separated_list(tmp_path):
    found = settings_from(
        tmp_path, SECRET_KEY="k", ALLOWED_HOSTS=" appeals.example.org, ,localhost"
    )

    assert found["ALLOWED_HOSTS"] == ["appeals.example.org", "localhost"]


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_value_means_not_set_for_every_type(tmp_path, empty):
    # An env file's `SECURE_SSL_REDIRECT=` once turned the HTTPS redirect off: empty was False.
    found = settings_from(
        tmp_path,
        SECRET_KEY="k",
        SECURE_SSL_REDIRECT=empty,
        ALLOWED_HOSTS=empty,
        EMAIL_PORT=empty,
        LOG_LEVEL=empty,
        DATABASE_URL=empty,
        CELERY_BROKER_URL=empty,
    )

    assert (
        found["SECURE_SSL_REDIRECT"],
        found["ALLOWED_HOSTS"],
        found["EMAIL_PORT"],
        found["LOG_LEVEL"],
        found["HOST"],
        found["CELERY_TASK_ALWAYS_EAGER"],
    ) == (True, ["127.0.0.1", "localhost"], 587, "INFO", str(tmp_path / "var" / "postgres"), True)


def test_an_embassy_throttle_that_is_no_rate_is_an_error(tmp_path):
    error = error_from(tmp_path, SECRET_KEY="k", EMBASSY_THROTTLE="30 a minute")

    assert error == (
        "django.core.exceptions.ImproperlyConfigured: EMBASSY_THROTTLE='30 a minute' is not "
        "a rate; use N/second, N/minute, N/hour, N/day, or off."
    )
