"""Fixtures of the browser tests: Debian's Chromium driven by Playwright's Python package
against pytest-django's live server, axe-core injected from the local npm install, and
screenshots at phone and desktop width in test-artifacts/screenshots/.

Nothing here reaches the network: Chromium starts with its background services off, every
request to a host other than the live server's is aborted and recorded (the pages must serve
every asset themselves), and axe-core comes from .ci/node/node_modules, never from a CDN.

Playwright's sync API keeps an asyncio loop running in the test thread while it is started.
Two things in Django notice it: the ORM refuses to run (SynchronousOnlyOperation), and the
database connections, thread-local in a sync thread, become context-local, so the test would
get new connection objects without the test database's serialized contents (and
serialized_rollback would silently restore nothing, leaving later tests without the groups and
labels the migrations seed). So while the browser runs, DJANGO_ALLOW_ASYNC_UNSAFE is set (this is
one thread: nothing is shared across threads) and the test thread keeps its own connection
objects. The browser lives for this package only (scope="package"): the tests elsewhere never run
beside a started Playwright.
"""

import contextlib
import os
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.browser.support import SCREENSHOTS, VIEWPORTS, slug
from tests.conftest import CHROMIUM, require_browser

# As root Chromium needs --no-sandbox; the rest keep it from calling home (the network is
# closed here: each call would be refused or time out).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]
# A Playwright action or assertion waits this long at most (a letter renders in well under it).
TIMEOUT_MS = 15_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# When this process collected the tests. pytest-xdist starts running tests only once every
# worker has collected them, so no screenshot of this run is older.
COLLECTED_AT = time.time()


@pytest.fixture(scope="package")
def browser():
    """Start Chromium once for the browser tests: headless, with a fresh profile (Playwright's
    launch() gives each browser a new --user-data-dir in the temporary directory, removed on
    close)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    # Screenshots of failures are of this run only: those from before it started go. Not all:
    # in a parallel run another worker may already have saved one of this run.
    for stale in SCREENSHOTS.glob("FAILED-*.png"):
        with contextlib.suppress(FileNotFoundError):  # another worker removed it first
            if stale.stat().st_mtime < COLLECTED_AT:
                stale.unlink()

    from django.db import connections

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    own_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    # With Playwright's loop running, this thread sees context-local connections: give it back
    # its own (they hold the test database's serialized contents).
    for alias, connection in own_connections.items():
        connections[alias] = connection
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    """What the live server (a thread of this process) runs with: letters rendered in-process
    even where a broker is configured, none made ahead, DEBUG off as in production."""
    from appeals_site.celery import app

    # Read first: Celery loads its configuration from the settings when first asked.
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.DEBUG = False
    settings.LETTERS_RENDER_AHEAD = False
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous


@dataclass
class Visit:
    """What the browser saw besides the page: requests that tried to leave the machine,
    JavaScript errors."""

    external_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit():
    return Visit()


@pytest.fixture
def context(browser, live_server, visit):
    """A fresh browser context (no cookies, no cache) speaking English, at desktop width,
    that refuses every request to another host than the live server's."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORTS["desktop"],
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
        accept_downloads=True,
        # axe-core is injected as an inline script: a strict Content-Security-Policy must not
        # stop the check (the pages' own scripts still run under it).
        bypass_csp=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)

    def only_local(route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            visit.external_requests.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    yield context
    context.close()


@pytest.fixture
def page(context, visit, request):
    page = context.new_page()
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        # What the page looked like when the test failed: the first thing to look at.
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(
                path=SCREENSHOTS / f"FAILED-{slug(request.node.name)}.png", full_page=True
            )
        except Exception as exc:  # the page may be gone: the test's own failure matters more
            print(f"No screenshot of the failure: {exc}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
