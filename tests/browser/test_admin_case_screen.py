"""The staff's case screen in Debian's Chromium, for a case in court (three defenders, a
criminal case with joint and replaced charges, decisions with rulings and sentences in parts,
an administrative case, measures of six kinds): at 1366 x 768 it needs no sideways scrolling,
neither the page nor any box inside it, each defender's block states their facts, and axe-core
finds no serious violation."""

import pytest

from tests.browser.support import (
    SCREENSHOTS,
    axe_check,
    describe_violations,
    log_in,
    serious_violations,
    slug,
    without_others_markup,
)
from tests.cases.admin_support import a_case_in_court

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}

# How far the page, its main content, and any box in it that scrolls sideways by itself, are
# wider than what shows (0: nothing to scroll to).
OVERFLOW = """() => {
    const content = document.getElementById('content');
    const scrollers = [...content.querySelectorAll('*')].filter((el) => {
        const style = getComputedStyle(el);
        return ['auto', 'scroll'].includes(style.overflowX) && el.clientWidth > 0
            && el.scrollWidth > el.clientWidth + 1;
    });
    return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        content: content.scrollWidth - content.clientWidth,
        scrollers: scrollers.map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`
            + ` ${el.scrollWidth} > ${el.clientWidth}`),
    };
}"""


def test_case_screen_fits_a_1366_px_window_and_sums_up_each_defender(
    page, context, visit, admin_client_, live_server
):
    court = a_case_in_court()
    log_in(context, admin_client_, live_server)
    page.set_viewport_size(LAPTOP)

    response = page.goto(f"/admin/cases/case/{court.case.pk}/change/")
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{slug('admin-case-in-court')}-1366.png", full_page=True)

    # Folded sections under the summaries: the page was 26,600 px tall (18,700 for a real
    # case of two defenders).
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 5000, height

    overflow = page.evaluate(OVERFLOW)
    assert overflow == {"page": 0, "content": 0, "scrollers": []}, overflow
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    blocks = page.locator(".defender-summary")
    assert blocks.count() == 3
    facts = {
        "Nurlan Abdykadyrov": [
            "Detained since",
            "Police custody",
            "Imprisonment after conviction",
            "membership of an illegal group",
            "jointly with Aida Sultanbekova",
            "Imprisonment, 7 years; Fine, 100000 KGS",
            "requested: Imprisonment, 9 years",
            "Upheld",
        ],
        "Aida Sultanbekova": [
            "House arrest",
            "from March 2025",
            "at least",
            "Travel ban",
            "Imprisonment, 5 years, suspended for 3 years",
            "Reduced",
        ],
        "Temir Osmonov": [
            "Administrative detention",
            "Judicial control",
            "started between 1 and 3 April 2025",
            "reporting to the police weekly",
            "Code of Administrative Offences, art. 66",
            "Administrative detention, 15 days",
        ],
    }
    for name, expected in facts.items():
        block = blocks.filter(has=page.get_by_role("heading", name=name))
        assert block.count() == 1, name
        text = " ".join(block.inner_text().split())
        missing = [fact for fact in expected if fact not in text]
        assert not missing, f"{name}: {missing} not in {text!r}"

    violations = [without_others_markup(v) for v in axe_check(page)]
    violations = [v for v in violations if v["nodes"]]
    failing = serious_violations(violations)
    assert not failing, describe_violations(failing, url=page.url)
    if violations:  # minor and moderate ones: shown with -rP, never failing
        print(describe_violations(violations, url=page.url))
    assert visit.external_requests == []
    assert visit.page_errors == []
