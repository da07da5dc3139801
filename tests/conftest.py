"""Shared fixtures: personas (superuser, reviewer, editor, viewer, outsider), a PostgreSQL
database of a test's own, and the rule that tests needing Redis or a browser fail instead of
skipping in CI."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from psycopg2 import sql

from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"} or bool(
    os.environ.get("REQUIRE_SERVICES")
)


def require(what: str, available: bool) -> None:
    """Skip a test whose service is missing on a developer's machine; fail it in CI."""
    if available:
        return
    message = f"{what} is not configured (set CELERY_BROKER_URL)"
    if IN_CI:
        pytest.fail(message + ": CI must run this test", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("services"):
        from django.conf import settings

        require("A Celery broker", not settings.CELERY_TASK_ALWAYS_EAGER)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counts live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. LocaleMiddleware activates a request's
    language in the thread and leaves it active: after a page asked for in Russian through the
    test client, whatever the next test renders outside a request (a reminder e-mail) would be
    in Russian. Which test runs next in a process differs between serial and parallel runs."""
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- A PostgreSQL database of a test's own --------------------------------------------------


def postgres_server() -> dict:
    """Return psycopg2's connection arguments, but the database, for the test database's
    server."""
    configured = connection.settings_dict
    return {
        "user": configured["USER"] or None,
        "password": configured["PASSWORD"] or None,
        # A path is the directory of a Unix socket (the embedded PostgreSQL).
        "host": configured["HOST"] or "127.0.0.1",
        "port": configured["PORT"] or "5432",
    }


def postgres_url(name: str) -> str:
    """Return the URL of database `name` on the test database's server."""
    server = postgres_server()
    credentials = quote(server["user"] or "", safe="")
    if server["password"]:
        credentials += ":" + quote(server["password"], safe="")
    # dj-database-url reads a percent-encoded path in the host part as a socket directory.
    return f"postgres://{credentials}@{quote(server['host'], safe='')}:{server['port']}/{name}"


def maintenance(statement: sql.Composable) -> None:
    """Run `statement` outside any transaction, on the server's maintenance database."""
    db = psycopg2.connect(dbname="postgres", connect_timeout=10, **postgres_server())
    try:
        db.autocommit = True
        with db.cursor() as cursor:
            cursor.execute(statement)
    finally:
        db.close()


# Tests that start a process on a database of their own migrated from empty (a Celery worker)
# request this fixture; see migrated_database_url.
MIGRATED_DATABASE_FIXTURE = "migrated_database_url"
# The name of this process's copy of its test database as migrated, once made.
_migrated_template: str | None = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database; and, when a test of this run asks for a database migrated
    from empty, a copy of the test database made before any test used it: that is one, made in a
    second, where migrating another took half a minute of CI's time."""
    global _migrated_template
    if not any(MIGRATED_DATABASE_FIXTURE in item.fixturenames for item in request.session.items):
        return
    from django.db import connections

    with django_db_blocker.unblock():
        test_database = connection.settings_dict["NAME"]
        # A template must have no session: this process's are the only ones.
        connections.close_all()
    name = f"{test_database}_migrated"[:63]
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    maintenance(drop)
    maintenance(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(test_database)
        )
    )
    request.addfinalizer(lambda: maintenance(drop))
    _migrated_template = name


@pytest.fixture
def migrated_database_url(django_db_setup) -> Iterator[str]:
    """Return the URL of a new PostgreSQL database migrated from empty (a copy of the test
    database as migrated, never used by a test), for a process of its own; drop it afterwards."""
    assert _migrated_template is not None, "django_db_setup makes the template"
    name = f"test_appeals_migrated_{uuid.uuid4().hex[:10]}"
    maintenance(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(_migrated_template)
        )
    )
    try:
        yield postgres_url(name)
    finally:
        maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def scratch_database() -> Iterator[tuple[str, str]]:
    """Return the name and URL of a new, empty PostgreSQL database on the test database's
    server (for a command run in a process of its own); drop it afterwards."""
    name = f"test_appeals_scratch_{uuid.uuid4().hex[:10]}"
    maintenance(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name, postgres_url(name)
    finally:
        maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _member_of(group_name: str, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def reviewer(db):
    return _member_of("reviewer", username="rita-reviewer")


@pytest.fixture
def editor(db):
    return _member_of("editor", username="ed-editor")


@pytest.fixture
def viewer(db):
    return _member_of("viewer", username="vic-viewer")


@pytest.fixture
def outsider(db):
    """Logged in, but not staff."""
    return UserFactory(username="olga-outsider", is_staff=False)


def staff_login(client, user):
    """Log `user` in on `client` as the two-step login does: the session of a password login
    (force_login) that also passed the second factor, with the user's authenticator app (made
    here when they have none). Return the client."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from appeals_site.accounts.services import authenticator_confirmed, authenticator_create

    device = authenticator_confirmed(user=user) or authenticator_create(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _client_for(client, user):
    return staff_login(client, user)


@pytest.fixture
def admin_client_(client, superuser):
    return _client_for(client, superuser)


@pytest.fixture
def editor_client(client, editor):
    return _client_for(client, editor)


@pytest.fixture
def reviewer_client(client, reviewer):
    return _client_for(client, reviewer)


@pytest.fixture
def viewer_client(client, viewer):
    return _client_for(client, viewer)


# --- Browser tests (tests/browser) ----------------------------------------------------------
# Debian's Chromium driven by Playwright's Python package, with axe-core from the npm registry
# installed by `npm ci --prefix .ci/node` (.ci/run does it). Like the services marker:
# skipped on a machine without them, failed in CI. The fixtures are in
# tests/browser/conftest.py.
REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO_ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def browser_missing() -> str:
    """Return what the browser tests lack on this machine, or "" when they can run."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright's Python package (make install)")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS.relative_to(REPO_ROOT)} (npm ci --prefix .ci/node)")
    return "; ".join(missing)


def require_browser() -> None:
    """Skip a browser test on a developer's machine without Chromium or axe-core; fail it in CI."""
    missing = browser_missing()
    if not missing:
        return
    message = f"Browser tests need {missing}"
    if IN_CI:
        pytest.fail(message + ": CI must run this test", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _browser_marker(request):
    if request.node.get_closest_marker("browser"):
        require_browser()


# --- Parallel runs (pytest-xdist) -----------------------------------------------------------
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Make --dist loadgroup see the xdist_group marks again (pytest-xdist#1386).

    A worker tells xdist's scheduler a test's group by appending "@<group>" to the test's id,
    which pytest 9.2 no longer lets it change (the id is kept in a structured form): every test
    was handed out alone, and each worker that ran a browser test started a Chromium of its own.
    This appends the group as the fix proposed upstream does (pytest-xdist#1388). Where that
    form is missing (older pytest, whose ids xdist's own suffix changes; or a later one), it does
    nothing: grouping saves time, the suite does not depend on it."""
    if not getattr(config.option, "loadgroup", False):  # set in xdist's workers by loadgroup
        return
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:
        return
    for item in items:
        names = sorted(
            {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
        )
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = coerce_node_id(item.nodeid + suffix)
