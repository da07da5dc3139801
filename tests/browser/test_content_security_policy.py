"""The Content-Security-Policy, enforced by Debian's Chromium: the public pages (with site.js),
the staff admin (with django-nested-admin) and Swagger UI at /api/docs/ work under it, and
not one script, style or image is refused on any of them.

The other browser tests bypass the policy (they inject axe-core as an inline script); these
do not, and count every `securitypolicyviolation` event the page fires."""

from urllib.parse import urlsplit

import pytest

from cases.models import Appeal
from tests.browser.conftest import LOCAL_HOSTS, TIMEOUT_MS
from tests.browser.data import CAMPAIGNER_NAME, published_appeal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Registered before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def strict_context(browser, live_server):
    """A browser context that enforces the Content-Security-Policy (no bypass_csp) and
    refuses requests to any other host."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_VIOLATIONS)

    def only_local(route):
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    yield context
    context.close()


@pytest.fixture
def strict_page(strict_context):
    page = strict_context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def visit(page, path: str) -> list[str]:
    """Open `path`, let its scripts settle, and return the policy violations it fired."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    page.wait_for_load_state("networkidle")
    return page.evaluate("() => window.__cspViolations")


def test_public_pages_and_site_js_work_under_the_policy(strict_page):
    appeal = published_appeal()

    assert visit(strict_page, "/") == []
    assert visit(strict_page, f"{appeal.path}?host_country=FR#embassy") == []

    strict_page.locator("#take-action input[name=name]").fill(CAMPAIGNER_NAME)
    strict_page.locator("#take-action button[type=submit]").click()
    strict_page.wait_for_url("**/letters/**")
    strict_page.wait_for_load_state("networkidle")
    # site.js ran: it shows the "Copy the text" button, which is hidden without JavaScript.
    assert strict_page.locator("[data-copy]").is_visible()
    # The preview is framed from our own origin, with the letter's own (stricter) policy.
    assert strict_page.frame_locator("iframe.preview").locator("body").inner_text()
    assert strict_page.evaluate("() => window.__cspViolations") == []
    assert strict_page.errors == []


def test_staff_admin_works_under_the_policy(
    strict_context, strict_page, admin_client_, live_server
):
    appeal = published_appeal()
    case = appeal.case
    issued = Appeal.objects.filter(case=case).first()
    # The session of a member of staff who passed both login steps (tests/conftest.py).
    strict_context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in admin_client_.cookies.items()
        ]
    )

    for path in (
        "/admin/",
        "/admin/cases/case/",
        f"/admin/cases/appeal/{issued.pk}/change/",
        "/admin/authorities/authority/add/",
        f"/admin/cases/case/{case.pk}/change/",
    ):
        assert visit(strict_page, path) == [], path
    # The admin's scripts ran on the case page, django-nested-admin's among them.
    assert strict_page.evaluate("() => typeof window.django.jQuery") == "function"
    assert strict_page.locator(".djn-group").count() > 0
    # django-simple-history's list gives its paginator style="border-top: 0": refused (the
    # one refusal in the admin), and given by static/staff/admin.css instead.
    history = visit(strict_page, f"/admin/cases/case/{case.pk}/history/")
    assert [v.split(" at ")[0] for v in history] == ["style-src-attr blocked inline"]
    assert (
        strict_page.locator("#change-history + .paginator").evaluate(
            "(p) => getComputedStyle(p).borderTopStyle"
        )
        == "none"
    )
    assert strict_page.errors == []


def test_the_periodic_task_form_explains_a_crontab_under_the_policy(
    strict_context, strict_page, admin_client_, live_server
):
    from django_celery_beat.models import CrontabSchedule

    crontab = CrontabSchedule.objects.create(minute="0", hour="9", timezone="UTC")
    strict_context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in admin_client_.cookies.items()
        ]
    )

    assert visit(strict_page, "/admin/django_celery_beat/periodictask/add/") == []
    strict_page.select_option("#id_crontab", str(crontab.pk))

    # static/staff/periodic-task-form.js, in place of the package's inline script.
    help_text = strict_page.locator(".field-crontab .help").inner_text()
    assert "Translation: At 09:00" in help_text
    assert strict_page.evaluate("() => window.__cspViolations") == []
    assert strict_page.errors == []


def test_swagger_ui_renders_under_the_policy(strict_page):
    assert visit(strict_page, "/api/docs/") == []
    # The init script (allowed by the page's nonce) ran and Swagger UI drew the schema.
    strict_page.locator(".swagger-ui .info .title").wait_for()
    assert "Appeals API" in strict_page.locator(".swagger-ui .info .title").inner_text()
    strict_page.locator(".opblock").first.wait_for()
    assert strict_page.evaluate("() => window.__cspViolations") == []
    assert strict_page.errors == []
