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
    """Throttling counts live in the cache: no test inherits another's. Nor letters' contexts
    kept by the process (letters.rendering), whose keys two tests' frozen clocks and fixed
    ids could make alike."""
    from django.core.cache import cache

    from letters.rendering import letter_contexts_forget

    cache.clear()
    letter_contexts_forget()


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
# The fixtures that copy the migrated template: a test asking for one has the template made.
MIGRATED_DATABASE_FIXTURES = ("migrated_database_url", "module_migrated_database_url")


def _asks_for_migrated_database(session) -> bool:
    return any(_asks_for_migrated_copy(item) for item in session.items)


def _asks_for_migrated_copy(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return any(fixture in names for fixture in MIGRATED_DATABASE_FIXTURES)


# --- The test databases: migrated once per run --------------------------------------------------
#
# Migrating from empty takes half a minute, more on a busy CI machine, and each xdist worker has
# a test database of its own. The first worker to get here migrates its database and copies it
# into a template (CREATE DATABASE … TEMPLATE, a second); the others wait for it on a file lock
# and make their databases from the template. The template, a database as migrated that no test
# ever used, is also what migrated_database_url copies (in a process that copied its test
# database, from a copy of its own: the process that made the template may end first, and drop it).

# The migrated database this process's migrated_database_url copies, once made.
_migrated_template: str | None = None
# The lock the process that migrates holds until the template is made.
_template_lock = None


def _database_exists(name: str) -> bool:
    db = psycopg2.connect(dbname="postgres", connect_timeout=10, **postgres_server())
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        db.close()


def _run_directory(tmp_path_factory) -> Path:
    """Return the temporary directory of the run: xdist's workers each have a directory of
    their own in it (popen-gw0, …)."""
    own = tmp_path_factory.getbasetemp()
    return own.parent if own.name.startswith("popen-") else own


def _template_name(testrun_uid: str) -> str:
    return f"test_appeals_template_{testrun_uid[:16]}"


def _template_lock_take(template: str, directory: Path):
    """Take (wait for) the run's lock on its template, a file in `directory` (the run's
    temporary directory, which xdist's workers share); return it, to close to release."""
    import fcntl

    lock = open(directory / f"{template}.lock", "w")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def _template_drop(template: str, directory: Path) -> None:
    """Drop the run's template, under its lock: not while another process copies it."""
    lock = _template_lock_take(template, directory)
    try:
        maintenance(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(template))
        )
    finally:
        lock.close()


def _copy_database(name: str, template: str) -> None:
    maintenance(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    maintenance(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)
        )
    )


@pytest.fixture(scope="session")
def _test_database_from_template(
    request,
    worker_id,
    testrun_uid,
    tmp_path_factory,
    django_db_modify_db_settings,
    django_db_blocker,
) -> bool:
    """Return whether this process's test database was made from the run's template (it is
    then kept by Django, and dropped here at the end). Without xdist there is nothing to share."""
    global _migrated_template, _template_lock
    if worker_id == "master" or request.config.getvalue("reuse_db"):
        return False
    template = _template_name(testrun_uid)
    lock = _template_lock_take(template, _run_directory(tmp_path_factory))
    if not _database_exists(template):
        # This process migrates; django_db_setup makes the template and lets the others go.
        _template_lock = lock
        return False
    with django_db_blocker.unblock():
        test_database = connection.creation._get_test_db_name()
    copies = [test_database]
    if _asks_for_migrated_database(request.session):
        copies.append(f"{test_database}_migrated"[:63])
    try:
        for name in copies:
            _copy_database(name, template)
    finally:
        lock.close()  # a failed copy must not keep the other workers waiting
    if len(copies) > 1:
        _migrated_template = copies[1]
    for name in copies:
        request.addfinalizer(
            lambda name=name: maintenance(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        )
    return True


@pytest.fixture(scope="session")
def django_db_keepdb(request, _test_database_from_template) -> bool:
    """Keep (do not create, and do not drop) a test database made from the template."""
    return bool(request.config.getvalue("reuse_db")) or _test_database_from_template


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup,
    django_db_blocker,
    request,
    testrun_uid,
    tmp_path_factory,
    _test_database_from_template,
):
    """pytest-django's test database; and the template made from it right after it was
    migrated, before any test used it, when another process of the run or a test of this one
    (one that asks for migrated_database_url) needs it."""
    global _migrated_template, _template_lock
    if _test_database_from_template:
        return
    if _template_lock is None and not _asks_for_migrated_database(request.session):
        return
    from django.db import connections

    with django_db_blocker.unblock():
        test_database = connection.settings_dict["NAME"]
        # A template must have no session: this process's are the only ones.
        connections.close_all()
    template = _template_name(testrun_uid)
    try:
        _copy_database(template, test_database)
    finally:
        if _template_lock is not None:
            _template_lock.close()  # the others may copy it now (or migrate their own)
            _template_lock = None
    _migrated_template = template
    # Dropped when this process ends; another process of the run that has not copied it yet
    # by then (one that reached its first database test only now) migrates its own.
    directory = _run_directory(tmp_path_factory)
    request.addfinalizer(lambda: _template_drop(template, directory))


@pytest.fixture
def migrated_database_url(django_db_setup) -> Iterator[str]:
    """Return the URL of a new PostgreSQL database migrated from empty (a copy of the test
    database as migrated, never used by a test), for a process of its own; drop it afterwards."""
    yield from _migrated_database_copy()


@pytest.fixture(scope="module")
def module_migrated_database_url(django_db_setup) -> Iterator[str]:
    """migrated_database_url, one for all the tests of a module (the processes they share:
    tests/faults)."""
    yield from _migrated_database_copy()


def _migrated_database_copy() -> Iterator[str]:
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


# --- Collection: database marks, parallel runs (pytest-xdist) ---------------------------------
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """A test that asks for a migrated database has the test database set up too (it is what
    the migrated database is copied from), even in a run of that test alone. And:

    Make --dist loadgroup see the xdist_group marks again (pytest-xdist#1386).

    A worker tells xdist's scheduler a test's group by appending "@<group>" to the test's id,
    which pytest 9.2 no longer lets it change (the id is kept in a structured form): every test
    was handed out alone, and each worker that ran a browser test started a Chromium of its own.
    This appends the group as the fix proposed upstream does (pytest-xdist#1388). Where that
    form is missing (older pytest, whose ids xdist's own suffix changes; or a later one), it does
    nothing: grouping saves time, the suite does not depend on it."""
    for item in items:
        if _asks_for_migrated_copy(item):
            item.add_marker(pytest.mark.django_db)
        mark = item.get_closest_marker("django_db")
        if mark and mark.kwargs.get("transaction") and not mark.kwargs.get("serialized_rollback"):
            # Its flush at the end re-creates content types and permissions (post_migrate),
            # and the next test that restores the serialized database in the same worker then
            # fails on duplicates: every test that commits restores what it found.
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs serialized_rollback=True here"
            )
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
