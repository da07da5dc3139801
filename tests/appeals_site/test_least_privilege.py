"""Least privilege: a viewer changes nothing. Every admin (each changelist, add, change,
delete and history page, each action, each page an admin adds) and every write endpoint of the
staff API (each POST, PUT, PATCH and DELETE in the OpenAPI schema) is tried as a viewer, and
must refuse (403, or 404 / 405 / the login page) and leave every table as it was.

Two viewers: the role as the roles migration defines it, and a viewer who was also given every
view permission there is (what an administrator might grant to let them read reminders or
letters): seeing must never be enough to change.
"""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appeals_site.accounts.services import authenticator_create
from appeals_site.audit.services import Action as AuditAction
from appeals_site.audit.services import audit_record
from cases.models import ActionClause
from cases.services import appeal_issue
from importer.services import document_receive
from letters.models import Letter
from partners.services import partner_create
from reminders.models import Digest, NotificationSettings, Reminder, Subscription
from tests.api_clients import staff_api_client
from tests.conftest import staff_login
from tests.factories import (
    AuthorityContactFactory,
    CaseAuthorityFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    EmbassyFactory,
    EventFactory,
    ExternalReferenceFactory,
    HearingFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db

# Tables that record the visit itself, not data: the session, the audit log (reads are
# audited), django-axes' login records.
NOT_DATA = {
    "sessions.session",
    "audit.auditentry",
    "axes.accesslog",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accessattemptexpiration",
}
# Pages that change only the visitor's own settings, which every member of staff may: their
# reminder delivery and followed countries, following a case.
OWN_SETTINGS = {"my_reminders", "cases_case_follow"}
# Pages that only show something, whatever the method.
READ_ONLY_PAGES = {"reminders_reminder_upcoming"}
STANDARD_PAGES = ("changelist", "add", "history", "delete", "change", "simple_history")
REFUSED = {403, 404, 405}
# The campaigners' letter request: open to anyone, by design (letters.api).
OPEN_TO_EVERYONE = {("post", "/api/v1/appeals/{appeal_id}/letters/")}


def snapshot() -> dict[str, list[str]]:
    """Return every data table's rows (history and link tables included), comparable."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.proxy or label in NOT_DATA:
            continue
        rows = model._default_manager.values()
        state[label] = sorted(repr(sorted(row.items())) for row in rows)
    return state


def assert_unchanged(before: dict, what: str) -> None:
    after = snapshot()
    changed = sorted(label for label in before if before[label] != after[label])
    assert not changed, f"{what} changed {changed}"


@pytest.fixture
def world(superuser):
    """One row (at least) of every model an admin is registered for."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )
    from django_otp.plugins.otp_static.models import StaticDevice

    appeal = appeal_issue(appeal=issuable_appeal(), acting_user=superuser)
    case = appeal.case
    defender = DefenderFactory(health_notes="Needs insulin.")
    case.defenders.add(defender)
    ChargeFactory(case=case, defender=defender)
    DetentionExtensionFactory(period__case=case, period__defender=defender)
    hearing = HearingFactory(case=case)
    EventFactory(case=case)
    CaseAuthorityFactory(case=case)
    ExternalReferenceFactory(case=case)
    AuthorityContactFactory()
    EmbassyFactory()
    ActionClause.objects.get_or_create(name="A clause", defaults={"text_en": "Release them;"})
    Letter.objects.create(
        appeal=appeal, authority=AuthorityContactFactory().authority, language="en"
    )
    Subscription.objects.create(user=superuser, case=case)
    NotificationSettings.objects.create(user=superuser)
    digest = Digest.objects.create(user=superuser, local_date=dt.date(2025, 4, 14))
    Reminder.objects.create(
        dedupe_key="k",
        kind=Reminder.Kind.HEARING_UPCOMING,
        channel=Reminder.Channel.EMAIL,
        state=Reminder.State.FAILED,
        case=case,
        hearing=hearing,
        user=superuser,
        occurs_at=hearing.starts_at,
        due_at=hearing.starts_at,
        digest=digest,
    )
    partner_create(name="Partner network")
    audit_record(action=AuditAction.EXPORT, actor=superuser)
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.SECONDS)
    CrontabSchedule.objects.create(minute="0")
    SolarSchedule.objects.create(event="sunrise", latitude=42.87, longitude=74.59)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.get_or_create(
        name="a task", defaults={"task": "cases.tasks.nothing", "interval": interval}
    )
    StaticDevice.objects.create(user=superuser, name="backup codes")
    authenticator_create(user=superuser)
    base = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(**base, failures_since_start=1, http_accept="*/*")
    AccessFailureLog.objects.create(**base, http_accept="*/*")
    AccessLog.objects.create(**base, http_accept="*/*")
    document_receive(name="appeal.txt", data=b"Urgent Appeal", received_by=superuser)
    missing = [
        model._meta.label for model in admin.site._registry if not model._default_manager.exists()
    ]
    assert not missing, f"give these a row: {missing}"


@pytest.fixture(params=["role", "every_view_permission"])
def viewer_user(request, viewer):
    if request.param == "every_view_permission":
        viewer.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    return viewer


def _refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def _no_file(response) -> bool:
    return "attachment" not in response.get("Content-Disposition", "")


REGISTERED = sorted(model._meta.label for model in admin.site._registry)


@pytest.mark.parametrize("label", REGISTERED)
def test_a_viewer_changes_nothing_through_the_admin(world, viewer_user, label, request):
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    info = model._meta.app_label, model._meta.model_name
    obj = model._default_manager.order_by("pk").first()
    client = staff_login(Client(), viewer_user)
    before = snapshot()
    failures = []

    def expect_refusal(method: str, url: str, data=None) -> None:
        response = getattr(client, method)(url, data or {})
        if not _refused(response):
            failures.append(f"{method.upper()} {url}: {response.status_code}")

    client.get(reverse("admin:{}_{}_changelist".format(*info)))
    expect_refusal("post", reverse("admin:{}_{}_add".format(*info)))
    change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    expect_refusal("post", change)
    expect_refusal(
        "post", reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), {"post": "yes"}
    )
    client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    if hasattr(model, "history"):
        version = model.history.filter(pk=obj.pk).first()
        if version is not None:
            url = reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, version.pk])
            expect_refusal("post", url)

    for action in ["delete_selected", *(model_admin.actions or [])]:
        name = action if isinstance(action, str) else action.__name__
        response = client.post(
            reverse("admin:{}_{}_changelist".format(*info)),
            {"action": name, "_selected_action": [obj.pk], "post": "yes", "confirmed": "yes"},
        )
        if response.status_code not in {200, 302, 403} or not _no_file(response):
            failures.append(f"action {name}: {response.status_code}")

    for pattern in model_admin.get_urls():
        name = pattern.name or ""
        if not name or name.endswith(STANDARD_PAGES) or name in OWN_SETTINGS:
            continue
        arguments = len(re.findall(r"<[^>]+>|\([^)]*\)", str(pattern.pattern)))
        url = reverse(f"admin:{name}", args=[obj.pk] * arguments)
        if name in READ_ONLY_PAGES:
            client.post(url)
        else:
            expect_refusal("post", url)

    assert not failures, failures
    assert_unchanged(before, f"a viewer in the {label} admin")


def test_no_historical_model_has_an_admin():
    from simple_history.models import HistoricalChanges

    assert [m for m in admin.site._registry if issubclass(m, HistoricalChanges)] == []


def test_history_pages_refuse_to_revert_even_for_an_administrator(world, admin_client_):
    from defenders.models import Defender

    defender = Defender.objects.get()
    version = defender.history.first()
    url = reverse("admin:defenders_defender_simple_history", args=[defender.pk, version.pk])
    assert admin_client_.get(url).status_code == 200
    before = snapshot()
    assert admin_client_.post(url, {"full_name": "Reverted"}).status_code == 403
    assert_unchanged(before, "a revert")


# --- The staff API ----------------------------------------------------------------------------

RESOURCES = {
    "cases": "cases.Case",
    "appeals": "cases.Appeal",
    "hearings": "cases.Hearing",
    "letters": "letters.Letter",
    "defenders": "defenders.Defender",
    "authorities": "authorities.Authority",
    "embassies": "authorities.Embassy",
}


def _url(path: str) -> str:
    """Return the path with each parameter replaced by the id of a real record."""
    resource = path.removeprefix("/api/v1/").split("/")[0].removesuffix(".csv")

    def value(match) -> str:
        name = match.group(1)
        if name == "token":
            return "not-a-token"
        key = {"appeal_id": "appeals", "letter_id": "letters"}.get(name, resource)
        return str(apps.get_model(RESOURCES[key])._default_manager.order_by("pk").first().pk)

    return re.sub(r"\{(\w+)\}", value, path)


def test_a_viewer_changes_nothing_through_the_api(world, viewer_user):
    client = staff_api_client(viewer_user)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    writes = [
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"post", "put", "patch", "delete"}
    ]
    assert ("patch", "/api/v1/cases/{id}/") in writes and len(writes) >= 8
    before = snapshot()  # after the key's first use, which records its time
    failures = []
    for method, path in writes:
        if (method, path) in OPEN_TO_EVERYONE:
            continue
        response = getattr(client, method)(_url(path), {}, format="json")
        if response.status_code not in {401, *REFUSED}:
            failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert not failures, failures
    assert_unchanged(before, "a viewer's API writes")
