"""The demo app is a development app: production's settings (`base`) never install it, the
development settings (`make run`, `make demo`) and the test settings do.

Each check imports the settings in a fresh interpreter with an environment of its own, as a
deployment would: the settings of the Django running the tests are the test settings.
"""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]

_PRINT_APPS = """
import json
import django
from django.apps import apps
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "INSTALLED_APPS": settings.INSTALLED_APPS,
    "labels": sorted(config.label for config in apps.get_app_configs()),
}))
"""


def _environment(tmp_path: Path, settings_module: str, **variables: str) -> dict[str, str]:
    """A production environment (DEBUG off, a key, hosts) with `settings_module`."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "appeals.example.org",
        "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        **variables,
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _apps(tmp_path: Path, settings_module: str, **variables: str) -> dict:
    result = _run(
        [sys.executable, "-c", _PRINT_APPS], _environment(tmp_path, settings_module, **variables)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_production_settings_do_not_install_the_demo(tmp_path):
    production = _apps(tmp_path, "appeals_site.settings.base")
    assert production["DEBUG"] is False
    assert not [app for app in production["INSTALLED_APPS"] if app.split(".")[0] == "demo"]
    assert "demo" not in production["labels"]
    # The settings module decides, not DEBUG.
    assert "demo" not in _apps(tmp_path, "appeals_site.settings.base", DEBUG="true")["labels"]


@pytest.mark.slow
def test_production_has_no_demo_commands(tmp_path):
    for command in ("load_demo", "generate_cases"):
        result = _run(
            [sys.executable, "manage.py", command, "--help"],
            _environment(tmp_path, "appeals_site.settings.base"),
        )
        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr


@pytest.mark.slow
def test_development_settings_are_production_plus_the_demo(tmp_path):
    production = _apps(tmp_path, "appeals_site.settings.base")
    development = _apps(tmp_path, "appeals_site.settings.development")
    assert development["INSTALLED_APPS"] == [*production["INSTALLED_APPS"], "demo"]
    assert development["DEBUG"] is False  # the environment's, as in production


def test_the_test_settings_install_the_demo():
    assert "demo" in settings.INSTALLED_APPS
