"""The staff workspace (the admin's index) and its dashboard in Debian's Chromium, at 1366
and 360 px: no sideways scrolling (the document is no wider than the window), axe-core finds
no serious or critical violation, and a screenshot of each is kept."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Ruling
from reminders.models import Subscription
from tests.browser.support import SCREENSHOTS, assert_accessible, horizontal_overflow, log_in, slug
from tests.factories import AppealFactory, CaseFactory, HearingFactory, ViolationLabelFactory
from tests.workspace.support import held_defender, ruling

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # Every browser test in one xdist worker: one Chromium (a fixture of this package).
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"1366": {"width": 1366, "height": 768}, "360": {"width": 360, "height": 740}}


def _a_busy_workspace(user) -> None:
    """Cases with a hearing coming up, defenders held, a draft appeal, rulings and labels,
    with long names, as real ones are."""
    today = timezone.localdate()
    label = ViolationLabelFactory(name="Judicial harassment")
    for n, country in enumerate(["KG", "KZ", "BY"]):
        case = CaseFactory(
            country=country,
            title=f"Case {n}: arbitrary detention and judicial harassment of human rights "
            "defenders of the Fictional Rights Centre and their lawyers",
        )
        case.violations.add(label)
        held_defender(
            case=case,
            since=today - dt.timedelta(days=100 + 30 * n),
            name=f"Aidaikerimbekovna-Sultanbekova Nurzhamal {n}",
        )
        starts = timezone.now() + dt.timedelta(days=3 + n)
        local = starts.astimezone(dt.timezone(dt.timedelta(hours=6)))
        HearingFactory(
            case=case,
            local_date=local.date(),
            local_time=dt.time(10, 30),
            court="Pervomaisky District Court of the City of Bishkek, Chamber No. 2",
        )
        AppealFactory(case=case)
        ruling(case=case, outcome=Ruling.Outcome.CONVICTED)
        Subscription.objects.create(user=user, case=case)


@pytest.mark.parametrize("path", ["/admin/", "/admin/workspace/dashboard/"])
def test_the_workspace_pages_fit_1366_and_360_px_and_are_accessible(
    page, context, visit, admin_client_, superuser, live_server, path
):
    _a_busy_workspace(superuser)
    log_in(context, admin_client_, live_server)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        response = page.goto(path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
        name = slug(f"workspace-{path}-{label}")
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

        assert horizontal_overflow(page) == 0, f"{path} at {label} px scrolls sideways"
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert page.locator("#workspace, .dashboard-charts").count() == 1
        assert_accessible(page, name=f"{path} at {label} px")

    assert visit.external_requests == []
    assert visit.page_errors == []
