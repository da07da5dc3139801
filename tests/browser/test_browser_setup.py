"""The browser tests' own machinery: Debian's Chromium answers, the live server serves the app
to it, nothing leaves the machine, and axe-core (from the local npm install) finds a serious
violation where there is one, so that a clean result elsewhere means something."""

import pytest

from tests.browser.support import (
    SCREENSHOTS,
    axe_check,
    describe_violations,
    screenshots,
    serious_violations,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    # The live server needs committed rows (a transactional test): what the migrations seed
    # is restored afterwards for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROKEN_PAGE = """<!doctype html>
<html><head><title>Broken on purpose</title></head>
<body>
  <main>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    <form><input type="text" name="campaigner"></form>
    <p style="color:#bbb;background:#fff">Pale text</p>
  </main>
</body></html>"""


def test_chromium_serves_the_live_server_and_stays_on_the_machine(page, live_server, visit):
    assert page.context.browser.version  # Debian's Chromium, started by Playwright
    response = page.goto("/healthz")
    assert response is not None and response.status == 200
    assert '"database": "ok"' in page.content() or '"database":"ok"' in page.content()
    # A request to another host is refused and recorded, never sent.
    page.evaluate("() => fetch('https://cdn.example.org/x.js').catch(() => null)")
    assert visit.external_requests == ["https://cdn.example.org/x.js"]


def test_axe_core_finds_serious_violations_on_a_broken_page(page):
    page.set_content(BROKEN_PAGE)
    violations = axe_check(page)
    found = {v["id"] for v in serious_violations(violations)}
    # An image without text, an unlabelled field, too little contrast.
    assert {"image-alt", "label", "color-contrast"} <= found, describe_violations(violations)
    report = describe_violations(serious_violations(violations), url="about:blank")
    assert "image-alt" in report and "<img" in report


def test_screenshots_at_phone_and_desktop_width(page):
    page.set_content("<!doctype html><title>x</title><main><h1>Screenshot</h1></main>")
    paths = screenshots(page, "setup-check")
    assert [p.name for p in paths] == ["setup-check-phone.png", "setup-check-desktop.png"]
    for path in paths:
        assert path.parent == SCREENSHOTS
        assert path.read_bytes().startswith(b"\x89PNG")
    assert page.viewport_size == {"width": 1280, "height": 900}
