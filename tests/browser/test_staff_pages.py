"""Staff pages a first user met in Chromium at 1366 px: the case list, a case's history and
an appeal's page; nothing cut off or covered, no empty block."""

import datetime as dt

import pytest

from cases.dates import local_today
from tests.browser.support import SCREENSHOTS, log_in, slug
from tests.cases.admin_support import a_case_with_records, change_url
from tests.factories import (
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    HearingFactory,
    issuable_appeal,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LAPTOP = {"width": 1366, "height": 768}
LONG_TITLE = (
    "Kyrgyzstan: Arbitrary detention and judicial harassment of the water-rights defenders "
    "Aigerim Sydykova, Nurlan Abdykadyrov and Temir Osmonov"
)


def _open(page, path: str, name: str) -> None:
    page.set_viewport_size(LAPTOP)
    response = page.goto(path)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{slug(name)}-1366.png", full_page=True)


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _cases_with_long_titles() -> None:
    for number in range(3):
        case = CaseFactory(title=LONG_TITLE, reference=f"KGZ 00{number} / 0425 / OBS 04{number}.1")
        today = local_today(case.time_zone)
        for name in ("Aigerim Sydykova", "Nurlan Abdykadyrov", "Temir Osmonov"):
            defender = DefenderFactory(
                full_name=f"{name} {number}", situation="pre_trial_detention"
            )
            case.defenders.add(defender)
            DetentionPeriodFactory(
                case=case, defender=defender, start_date=today - dt.timedelta(days=191)
            )
        HearingFactory(
            case=case,
            local_date=today + dt.timedelta(days=5),
            local_time=dt.time(10, 30),
            time_zone="Asia/Bishkek",
        )


# Boxes inside the list that scroll sideways by themselves (Django's .results does), and the
# right edge of the last column against the list's.
LIST_FIT = """() => {
    const results = document.querySelector('#changelist .results');
    const last = document.querySelector('#result_list th.column-days_detained');
    return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        results: results.scrollWidth - results.clientWidth,
        lastColumnInside: last.getBoundingClientRect().right
            <= results.getBoundingClientRect().right + 1,
    };
}"""


def test_the_case_list_fits_a_1366_px_window_with_titles_that_read(
    page, context, admin_client_, live_server
):
    _cases_with_long_titles()
    log_in(context, admin_client_, live_server)

    _open(page, "/admin/cases/case/", "admin-case-list")

    assert page.evaluate(LIST_FIT) == {"page": 0, "results": 0, "lastColumnInside": True}
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # Not wrapped into a narrow column (it was 110 px): a title line holds a few words.
    assert _box(page, "#result_list td.field-title")["width"] >= 200


def test_the_case_history_has_no_empty_block_above_its_records(
    page, context, admin_client_, live_server
):
    case = a_case_with_records()
    log_in(context, admin_client_, live_server)

    _open(page, f"/admin/cases/case/{case.pk}/history/", "admin-case-history")

    heading = _box(page, ".case-record-changes h2")
    # The heading is one line high, and starts below the case's own history, not beside it.
    assert heading["height"] < 60, heading
    own = _box(page, "#content-main")
    assert heading["y"] >= own["y"] + own["height"], (heading, own)


# Boxes inside the page's content that scroll sideways by themselves, and the inline tables
# whose last column (Delete) ends past their group's right edge: cut off, as the actions'
# Notes and Delete columns were.
TABLES_WHOLE = """() => {
    const content = document.getElementById('content');
    const scrollers = [...content.querySelectorAll('*')].filter((el) =>
        ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.clientWidth > 0
        && el.scrollWidth > el.clientWidth + 1);
    const cut = [...content.querySelectorAll('.inline-group table')].filter((table) => {
        const last = table.querySelector('thead th:last-child');
        const group = table.closest('.inline-group').getBoundingClientRect();
        return last && last.getBoundingClientRect().right > group.right + 1;
    });
    return {
        tables: content.querySelectorAll('.inline-group table').length,
        scrollers: scrollers.map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
        cut: cut.map((table) => table.closest('.inline-group').id),
    };
}"""


def test_the_issue_button_does_not_cover_the_appeals_title(
    page, context, admin_client_, live_server
):
    """Nor is any of the appeal page's tables cut off (its actions, violations, addressees)."""
    appeal = issuable_appeal(case=CaseFactory(title=LONG_TITLE))
    log_in(context, admin_client_, live_server)

    _open(page, change_url(appeal), "admin-appeal")

    title = _box(page, "#content h2")
    tools = _box(page, ".object-tools")
    overlap_x = min(title["x"] + title["width"], tools["x"] + tools["width"]) - max(
        title["x"], tools["x"]
    )
    overlap_y = min(title["y"] + title["height"], tools["y"] + tools["height"]) - max(
        title["y"], tools["y"]
    )
    assert overlap_x <= 0 or overlap_y <= 0, (title, tools)
    whole = page.evaluate(TABLES_WHOLE)
    assert whole["tables"] >= 1 and whole["scrollers"] == [] and whole["cut"] == [], whole
