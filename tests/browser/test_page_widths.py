"""Every kind of page a person meets, staff and public, in Debian's Chromium at a 1366 px laptop
and a 360 px phone (issue 16): the document never scrolls sideways, axe-core finds no serious or
critical violation in our markup, and a full-page screenshot of each is kept (SCREENSHOT_DIR,
else test-artifacts/screenshots/, as widths-<page>-<width>.png).

One test walks all twelve views, so the data and the login are made once."""

import pytest
from django.urls import reverse

from tests.browser.data import published_appeal
from tests.browser.support import (
    SCREENSHOTS,
    describe_violations,
    horizontal_overflow,
    log_in,
    serious_violations_of_ours,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The innermost elements that reach past the window's right edge: what to fix.
PAST_THE_EDGE = """() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
        && ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`
        + ` right ${Math.round(el.getBoundingClientRect().right)}`)"""
WIDTHS = {"1366": {"width": 1366, "height": 768}, "360": {"width": 360, "height": 740}}


def test_staff_and_public_pages_fit_1366_and_360_px_and_are_accessible(
    page, context, visit, admin_client_, live_server
):
    published = published_appeal()
    appeal = published.case.appeals.get()
    log_in(context, admin_client_, live_server)
    pages = {
        "workspace": reverse("admin:index"),
        "case": reverse("admin:cases_case_change", args=[published.case.pk]),
        "appeal": reverse("admin:cases_appeal_change", args=[appeal.pk]),
        "history": reverse("admin:cases_case_history", args=[published.case.pk]),
        "public-list": "/",
        "public-appeal": published.path,
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"Screenshots of the pages at 1366 and 360 px: {SCREENSHOTS}")
    problems = []
    for name, path in pages.items():
        for width, size in WIDTHS.items():
            page.set_viewport_size(size)
            response = page.goto(path)
            assert response is not None and response.ok, (name, path)
            page.screenshot(path=SCREENSHOTS / f"widths-{name}-{width}.png", full_page=True)
            overflow = horizontal_overflow(page)
            if overflow:
                past = page.evaluate(PAST_THE_EDGE)
                problems.append(f"{name} at {width} px scrolls sideways by {overflow} px: {past}")
            failing = serious_violations_of_ours(page)
            if failing:
                problems.append(f"{name} at {width} px: " + describe_violations(failing))

    assert problems == [], "\n".join(problems)
    assert visit.external_requests == []
    assert visit.page_errors == []
