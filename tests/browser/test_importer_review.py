"""The importer's review screen in Debian's Chromium (issue 15): staff paste an appeal, see
each field beside its highlighted sentence (review.js links them both ways), correct a field,
are told of a wrong correction beside it, confirm, and see the case."""

from pathlib import Path

import pytest

from importer.models import ImportedDocument
from tests.browser.support import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

APPEAL = Path(__file__).parent.parent / "data" / "appeals" / "01_blr_urgent_appeal.txt"


def _log_in(context, client, live_server) -> None:
    context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": live_server.url}
            for name, morsel in client.cookies.items()
        ]
    )


def test_staff_paste_review_correct_and_confirm_an_appeal(
    page, context, visit, admin_client_, live_server
):
    _log_in(context, admin_client_, live_server)
    page.goto("/admin/importer/importeddocument/")
    page.get_by_role("link", name="Import an appeal").click()
    page.get_by_label("Or paste the appeal's text").fill(APPEAL.read_text())
    page.get_by_role("button", name="Import").click()

    # Read in-process on commit (the browser tests' Celery is eager): the review screen.
    page.wait_for_selector("#review-form")
    assert page.locator('mark[id="src-reference"]').inner_text() == "BLR 002 / 0321 / OBS 027"
    assert page.get_by_role("heading", name="What could not be read").is_visible()

    # Focusing a field highlights its sentence; clicking a sentence focuses its field.
    page.locator('input[name="value-issue_date"]').focus()
    assert page.locator('mark[id="src-issue_date"]').get_attribute("class") == "current"
    page.locator('mark[id="src-reference"]').click()
    focused = page.evaluate("() => document.activeElement.closest('.review-field').dataset.key")
    assert focused == "reference"

    # A wrong correction is refused beside its field; nothing is recorded.
    page.locator('input[name="decision-issue_date"][value="correct"]').check()
    page.locator('input[name="value-issue_date"]').fill("29 March 2021")
    page.get_by_role("button", name="Confirm and record").click()
    field = page.locator('fieldset[id="field-issue_date"]')
    assert "Enter a date in the form 2021-03-14" in field.inner_text()
    assert ImportedDocument.objects.get().status == ImportedDocument.Status.READ
    assert_accessible(page, name="importer review screen")

    page.locator('input[name="value-issue_date"]').fill("2021-03-28")
    page.locator('input[name="decision-defenders.0.name"][value="correct"]').check()
    page.locator('input[name="value-defenders.0.name"]').fill("Aliaksandr Karpenka")
    page.get_by_role("button", name="Confirm and record").click()

    page.get_by_text("The appeal was recorded as").wait_for()
    page.locator(".imported-document a[href*='/admin/cases/case/']").click()
    page.wait_for_load_state("networkidle")
    assert "Aliaksandr Karpenka" in page.content()
    assert visit.external_requests == []
    assert visit.page_errors == []
