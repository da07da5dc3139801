"""axe-core, run in Debian's Chromium on every public page, in the states a campaigner sees:
no violation of impact "serious" or "critical" (WCAG 2.x A and AA, and axe's best practices).
The feeds are XML, not pages: not checked here.

axe-core comes from .ci/node/node_modules (npm ci --prefix .ci/node) and is injected into the
page by Playwright: the browser never fetches it."""

import pytest

from tests.browser.data import CAMPAIGNER_NAME, published_appeal
from tests.browser.support import assert_accessible, describe_violations, screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _list(page, appeal):
    page.goto("/")


def _list_filtered_to_nothing(page, appeal):
    page.goto("/?q=no-such-appeal-anywhere")


def _appeal(page, appeal):
    page.goto(appeal.path)


def _appeal_in_russian(page, appeal):
    page.context.add_cookies([{"name": "django_language", "value": "ru", "url": page.url}])
    page.goto(appeal.path)
    assert page.locator("html").get_attribute("lang") == "ru"


def _embassy_found(page, appeal):
    page.goto(f"{appeal.path}?host_country=FR#embassy")
    page.locator("#embassy .result").wait_for()


def _embassy_missing(page, appeal):
    page.goto(f"{appeal.path}?host_country=DE#embassy")
    page.locator("#embassy .result").wait_for()


def _take_action_errors(page, appeal):
    """The form sent back with errors (a value no option offers, as a stale form would send)."""
    page.goto(f"{appeal.path}#take-action")
    page.evaluate(
        """() => {
            const select = document.querySelector('#take-action select[name=country]');
            select.add(new Option('XX', 'XX'));
            select.value = 'XX';
        }"""
    )
    page.locator("#take-action button[type=submit]").click()
    page.locator("#take-action .error").first.wait_for()


def _letter(page, appeal):
    page.goto(f"{appeal.path}#take-action")
    form = page.locator("#take-action form")
    form.locator("select[name=language]").select_option("ru")
    form.locator("input[name=name]").fill(CAMPAIGNER_NAME)
    form.locator("button[type=submit]").click()
    page.locator("#letter a[download]").wait_for()


PAGES = {
    "list": _list,
    "list-no-result": _list_filtered_to_nothing,
    "appeal": _appeal,
    "appeal-ru": _appeal_in_russian,
    "appeal-embassy-found": _embassy_found,
    "appeal-embassy-missing": _embassy_missing,
    "take-action-errors": _take_action_errors,
    "letter-preview": _letter,
}


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(page, visit, name):
    appeal = published_appeal()
    if name == "appeal-ru":
        page.goto("/")  # a page of the site first, for the language cookie's address
    PAGES[name](page, appeal)
    violations = assert_accessible(page, name=name)
    if violations:  # minor and moderate ones: shown with -rP, never failing
        print(describe_violations(violations, url=page.url))
    screenshots(page, f"a11y-{name}")
    assert visit.external_requests == []


def test_keyboard_reaches_the_skip_link_first_and_it_shows(page):
    appeal = published_appeal()
    page.goto(appeal.path)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {href: el.getAttribute('href'), visible: box.width > 1 && box.height > 1
                && box.bottom > 0 && box.right > 0 && style.visibility !== 'hidden',
                outline: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
        }"""
    )
    assert focused["href"] == "#main", focused
    assert focused["visible"], "the skip link stays hidden when focused"
    assert focused["outline"], "the focused skip link has no visible focus indicator"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
