"""Helpers of the browser tests: screenshots at phone and desktop width, axe-core's check,
and what the browser must be told (see conftest.py for the fixtures)."""

import json
import os
import re
from pathlib import Path

from tests.conftest import AXE_JS, REPO_ROOT

# Where the screenshots go, for CI to keep: SCREENSHOT_DIR, else test-artifacts/screenshots.
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR") or REPO_ROOT / "test-artifacts" / "screenshots"
).resolve()
# What axe-core finds in markup that is not ours, by rule and the element's class: select2's
# (Django's autocomplete widget) search box without a label, list holding spans and combobox
# without a name, and the tooltips of Django's own filter_horizontal widget (an aria-label on
# a span without a role).
# Only these elements are left out; any other element, or any other rule, fails.
NOT_OURS = {
    "label": ".select2-search__field",
    "list": ".select2-selection__rendered",
    "aria-prohibited-attr": ".search-label-icon",
    # select2's combobox and its text (#select2-…-container), which stand for a <select> that
    # is named (CellLabelsMixin).
    "aria-input-field-name": "select2-",
}
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 900},
}
# The impacts that fail the accessibility check.
FAILING_IMPACTS = ("serious", "critical")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def screenshots(page, name: str) -> list[Path]:
    """Save full-page screenshots of the page at phone and desktop width, as
    test-artifacts/screenshots/NAME-phone.png and NAME-desktop.png; the page is left at
    desktop width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        path = SCREENSHOTS / f"{slug(name)}-{label}.png"
        page.screenshot(path=path, full_page=True)
        paths.append(path)
    page.set_viewport_size(VIEWPORTS["desktop"])
    return paths


def horizontal_overflow(page) -> int:
    """Return by how many CSS pixels the page is wider than the viewport (0: no sideways
    scrolling)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


def axe_check(page, *, context: str = "document") -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules, and best practices) on the page and
    return its violations, each as axe reports it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (context) => await axe.run(context === 'document' ? document : context, {
            resultTypes: ['violations'],
            runOnly: {type: 'tag', values: [
                'wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
        })""",
        context,
    )
    return result["violations"]


def serious_violations(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in FAILING_IMPACTS]


def describe_violations(violations: list[dict], *, url: str = "") -> str:
    """Return the violations as a person reads them: rule, impact, help and each element."""
    lines = [f"{len(violations)} accessibility violation(s){' on ' + url if url else ''}:"]
    for violation in violations:
        lines.append(
            f"- [{violation.get('impact')}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(t if isinstance(t, str) else json.dumps(t) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more element(s)")
    return "\n".join(lines)


def assert_accessible(page, *, name: str) -> list[dict]:
    """Fail with a readable list when axe-core finds a serious or critical violation on the
    page; return the minor and moderate ones, for the report."""
    violations = axe_check(page)
    failing = serious_violations(violations)
    assert not failing, f"{name}: " + describe_violations(failing, url=page.url)
    return violations


def without_others_markup(violation: dict) -> dict:
    """Return the violation without its elements in markup that is not ours (NOT_OURS)."""
    theirs = NOT_OURS.get(violation["id"])
    nodes = [
        node
        for node in violation["nodes"]
        if theirs is None or not any(theirs in str(target) for target in node["target"])
    ]
    return {**violation, "nodes": nodes}


def serious_violations_of_ours(page) -> list[dict]:
    """Return axe-core's serious and critical violations on the page, in our own markup."""
    violations = [without_others_markup(v) for v in axe_check(page)]
    return serious_violations([v for v in violations if v["nodes"]])


def log_in(context, client, live_server) -> None:
    """Give the browser the session of the member of staff `client` logged in (both steps)."""
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
    )
