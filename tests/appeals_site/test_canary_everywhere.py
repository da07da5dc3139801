"""Issue #7, "Done when": a distinct canary in every confidential field of a published case's
records (its defender, the case, an event), none disclosed, is looked for in every outward
channel, in the logs and in the raw database, and found only where staff may see it.

Outward: every GET endpoint of the partner API (from the OpenAPI schema, so a new one is
covered), the CSV export, both calendars, the public pages (list, appeal, take action, letter),
the letter's HTML and PDF text, the RSS and Atom feeds, the reminder webhook and e-mails. Logs:
everything logged during the whole test, SQL with its parameters included. Database: every
column of every table. Staff: the admin change pages and the staff API show each canary.
"""

import datetime as dt
import io
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case, Hearing
from cases.references import case_public_path
from cases.services import appeal_issue, hearing_save
from letters.models import Letter
from partners.models import Partner
from partners.services import (
    partner_calendar_token_rotate,
    partner_create,
    partner_webhook_secret_rotate,
)
from reminders.models import Subscription
from reminders.services import reminder_send, reminders_claim_due
from tests.api_clients import bearer_client, staff_api_client
from tests.conftest import staff_login
from tests.factories import (
    AppealAuthorityFactory,
    AuthorityContactFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EmbassyFactory,
    EventFactory,
    UserFactory,
    issuable_appeal,
)
from tests.reminders.support import WebhookReceiver

pytestmark = pytest.mark.django_db

MARK = "Qx7CANARY"
CANARIES = {
    "defender.health_notes": f"{MARK}-health-3a1",
    "defender.family_notes": f"{MARK}-family-8c2",
    "defender.home_address": f"{MARK}-home-5d9",
    "defender.internal_notes": f"{MARK}-defender-notes-1f4",
    "case.internal_notes": f"{MARK}-case-notes-7b6",
    "event.source_identity": f"{MARK}-source-2e8",
}
# A valid number is needed: its subscriber digits are its canary, in any format.
CANARY_PHONE = "+996555987654"
PHONE_DIGITS = "555987654"
UTC = dt.UTC
CREATED = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# The hearing is on 1 April 2026 at 10:00 in Bishkek (04:00 UTC): every reminder is due by
# 02:00 UTC that day (08:00 in Bishkek).
HEARING_DAY = dt.date(2026, 4, 1)
SEND_AT = dt.datetime(2026, 4, 1, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _in_process(settings):
    """Tasks (letters, reminders) run here and now, even where a broker is configured."""
    from appeals_site.celery import app

    # Read first: the first read loads Celery's configuration from the settings.
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.REMINDER_WEBHOOK_ALLOW_HTTP = True
    settings.REMINDER_WEBHOOK_TIMEOUT_SECONDS = 5
    settings.SITE_URL = "https://appeals.example.org"
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def all_logs(caplog):
    """Capture everything logged at DEBUG and up, SQL with its parameters too."""
    caplog.set_level(logging.DEBUG)
    # Loggers with a level of their own ("django" is at INFO) would drop DEBUG records.
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and logger.level > logging.DEBUG:
            caplog.set_level(logging.DEBUG, logger=name)
    previous = connection.force_debug_cursor
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = previous


def leaks(text: str) -> list[str]:
    """Return the canaries found in `text`."""
    found = [name for name, canary in CANARIES.items() if canary in text]
    if MARK in text and not found:
        found.append("a canary (in part)")
    # The number in any format: +996 555 98 76 54, (555) 987-654 …
    if PHONE_DIGITS in re.sub(r"[\s\-().]", "", text):
        found.append("defender.phone")
    return found


def the_case_with_secrets(*, staff, partner) -> dict:
    """Return the records of a published case with an issued appeal, a detained defender, a
    hearing ahead, an event, an addressed authority and an embassy, with a canary in every
    confidential field, none disclosed; `staff` is assigned to it and `partner` follows it."""
    case = CaseFactory(
        title="Kyrgyzstan: Arbitrary detention of Aigerim Dzhaksybekova",
        internal_notes=CANARIES["case.internal_notes"],
    )
    defender = DefenderFactory(
        full_name="Aigerim Dzhaksybekova",
        situation="pre_trial_detention",
        health_notes=CANARIES["defender.health_notes"],
        family_notes=CANARIES["defender.family_notes"],
        home_address=CANARIES["defender.home_address"],
        phone=CANARY_PHONE,
        internal_notes=CANARIES["defender.internal_notes"],
    )
    case.defenders.add(defender)
    case.assigned_staff.add(staff)
    DetentionPeriodFactory(case=case, defender=defender, start_date=dt.date(2026, 2, 20))
    event = EventFactory(case=case, source_identity=CANARIES["event.source_identity"])
    event.defenders.add(defender)
    appeal = issuable_appeal(case=case)
    authority = AuthorityFactory(person_name="Aibek Prosecutor", country="KG")
    AuthorityContactFactory(authority=authority, kind="email", value="office@prosecutor.example")
    AppealAuthorityFactory(appeal=appeal, authority=authority, position=0)
    embassy = EmbassyFactory()
    appeal = appeal_issue(appeal=appeal, acting_user=None, issue_date=CREATED.date())
    Case.objects.filter(pk=case.pk).update(status=Case.Status.PUBLISHED, published_at=CREATED)
    # Followed before the hearing is set: its reminders are planned for the partner too.
    Subscription.objects.create(partner=partner, case=case)
    hearing = Hearing(
        case=case,
        court="City Court No. 2 of Osh",
        city="Osh",
        local_date=HEARING_DAY,
        local_time=dt.time(10, 0),
        time_zone="Asia/Bishkek",
        purpose=Hearing.Purpose.TRIAL,
    )
    hearing_save(hearing=hearing, acting_user=None)
    hearing.defenders.add(defender)
    case.refresh_from_db()
    return {
        "case": case,
        "defender": defender,
        "event": event,
        "appeal": appeal,
        "authority": authority,
        "embassy": embassy,
        "hearing": hearing,
    }


def body_of(response) -> bytes:
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def seen(response) -> str:
    """Return all a client receives: the body and every header."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    return headers + "\n" + body_of(response).decode("utf-8", errors="replace")


# Paths of the schema a partner is refused (404, as for what does not exist).
STAFF_ONLY = {"/api/v1/cases/{id}/as-described-in/{appeal_id}/"}


def partner_api(client, records: dict, calendar_token: str) -> dict[str, str]:
    """GET every path of the API's schema with a GET, filled with the records' ids."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    ids = {
        "/api/v1/appeals/{id}/": records["appeal"].pk,
        "/api/v1/authorities/{id}/": records["authority"].pk,
        "/api/v1/cases/{id}/": records["case"].pk,
        "/api/v1/defenders/{id}/": records["defender"].pk,
        "/api/v1/embassies/{id}/": records["embassy"].pk,
        "/api/v1/hearings/{id}/": records["hearing"].pk,
        "/api/v1/calendar/{token}/hearings.ics": calendar_token,
        "/api/v1/letters/{letter_id}/": records["letter"].pk,
    }
    answers = {}
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        if path in STAFF_ONLY:
            url = path.format(**{"id": records["case"].pk, "appeal_id": records["appeal"].pk})
            assert client.get(url).status_code == 404, f"{path} is for staff only"
            continue
        url = path
        if "{" in path:
            assert path in ids, f"A new API path to fill in here: {path}"
            url = path.replace(path[path.index("{") : path.index("}") + 1], str(ids[path]))
        answers[f"partner API {url}"] = seen(client.get(url))
        if "{" not in path and not path.endswith((".csv", ".ics")):
            # The incremental sync too (tombstones take `since`).
            since = "since" if path.endswith("/tombstones/") else "updated_since"
            answers[f"partner API {url} (sync)"] = seen(
                client.get(url, {since: "2026-01-01T00:00:00Z"})
            )
    # The schema itself, and the letter's files (plain Django views, not in the schema).
    answers["API schema"] = seen(client.get("/api/schema/"))
    letter = records["letter"].pk
    answers["letter HTML"] = seen(client.get(f"/api/v1/letters/{letter}/html"))
    pdf = body_of(client.get(f"/api/v1/letters/{letter}/pdf"))
    answers["letter PDF text"] = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
    )
    return answers


def public_site(client, records: dict, letter_page: str) -> dict[str, str]:
    path = case_public_path(reference=records["case"].reference)
    pages = {
        "public list": "/",
        "public list, filtered": "/?country=KG",
        "appeal page": path,
        "appeal page in Russian": path + "?lang=ru",
        "letter page": letter_page,
        "RSS": "/feeds/appeals.rss",
        "Atom": "/feeds/appeals.atom",
        "RSS of the country": "/feeds/kg/appeals.rss",
        "Atom of the country": "/feeds/kg/appeals.atom",
    }
    return {name: seen(client.get(url)) for name, url in pages.items()}


def raw_database() -> dict[str, str]:
    """Return every value of every column of every table, as text, by table."""
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            values = []
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    values.append(str(value))
            tables[table] = "\n".join(values)
    return tables


@pytest.mark.slow
def test_no_confidential_fact_leaves_by_any_channel_and_staff_still_see_them(
    all_logs, superuser, viewer, django_capture_on_commit_callbacks
):
    campaigner = Client()  # anonymous, as every visitor of the public site
    staff = UserFactory(username="amina", email="amina@ngo.example", is_staff=True)
    outward: dict[str, str] = {}
    with WebhookReceiver() as receiver:
        with time_machine.travel(CREATED, tick=False):
            partner, raw_key = partner_create(
                name="Front Line", contact_email="a@frontline.example"
            )
            Partner.objects.filter(pk=partner.pk).update(webhook_url=receiver.url)
            partner.refresh_from_db()
            partner_webhook_secret_rotate(partner=partner)
            calendar_token = partner_calendar_token_rotate(partner=partner)
            partner_client = bearer_client(raw_key)
            records = the_case_with_secrets(staff=staff, partner=partner)
        with time_machine.travel(SEND_AT, tick=False):
            # A campaigner takes action: the letter is rendered here and now.
            path = case_public_path(reference=records["case"].reference)
            with django_capture_on_commit_callbacks(execute=True):
                response = campaigner.post(
                    f"{path}letters/",
                    {
                        "language": "en",
                        "authority": str(records["authority"].pk),
                        "name": "Jane Campaigner",
                        "city": "Ghent",
                        "country": "BE",
                    },
                )
            assert response.status_code == 303
            outward["take action (its answer)"] = (
                "\n".join(f"{k}: {v}" for k, v in response.headers.items())
                + response.content.decode()
            )
            records["letter"] = Letter.objects.get(campaigner_name="Jane Campaigner")
            assert records["letter"].status == Letter.Status.READY
            outward.update(public_site(campaigner, records, response["Location"]))
            outward.update(partner_api(partner_client, records, calendar_token))
            # The reminders due by now: to the partner (webhook and e-mail) and to staff.
            outcomes = [reminder_send(reminder_id=pk, attempt=a) for pk, a in reminders_claim_due()]
    assert "sent" in outcomes
    assert receiver.requests, "no webhook was sent"
    assert mail.outbox, "no e-mail was sent"
    for number, request in enumerate(receiver.requests):
        headers = "\n".join(f"{k}: {v}" for k, v in request["headers"].items())
        outward[f"webhook {number}"] = headers + "\n" + request["body"].decode()
    for number, message in enumerate(mail.outbox):
        parts = [message.subject, message.body, str(message.extra_headers), *message.to]
        parts += [content for content, _type in getattr(message, "alternatives", [])]
        outward[f"e-mail {number} to {', '.join(message.to)}"] = "\n".join(parts)

    # Where staff may see them: the admin and the staff API.
    defender, case = records["defender"], records["case"]
    admin_client_ = staff_login(Client(), superuser)
    staff_seen = {
        "admin: defender": seen(
            admin_client_.get(reverse("admin:defenders_defender_change", args=[defender.pk]))
        ),
        "admin: case": seen(admin_client_.get(reverse("admin:cases_case_change", args=[case.pk]))),
        "staff API: defender": seen(
            staff_api_client(viewer).get(f"/api/v1/defenders/{defender.pk}/")
        ),
        "staff API: case": seen(staff_api_client(viewer).get(f"/api/v1/cases/{case.pk}/")),
    }

    # Nothing outward holds a canary.
    assert {name: leaks(text) for name, text in outward.items() if leaks(text)} == {}
    # The checks could see them: the records are there, by name, in what went out.
    assert "Aigerim Dzhaksybekova" in outward["appeal page"]
    assert "Aigerim Dzhaksybekova" in outward[f"partner API /api/v1/cases/{case.pk}/"]
    assert "Aibek Prosecutor" in outward["letter PDF text"]
    # Staff see every one of them.
    for name in ("admin: defender", "staff API: defender"):
        assert sorted(leaks(staff_seen[name])) == sorted(
            [n for n in CANARIES if n.startswith("defender.")] + ["defender.phone"]
        ), name
    assert "case.internal_notes" in leaks(staff_seen["admin: case"])
    assert "event.source_identity" in leaks(staff_seen["admin: case"])
    assert sorted(leaks(staff_seen["staff API: case"])) == sorted([*CANARIES, "defender.phone"])

    # Not in the logs: every record of the whole test, SQL and its parameters included.
    assert all_logs.records, "nothing was logged: the capture is not working"
    assert any(r.name == "django.db.backends" for r in all_logs.records)
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in all_logs.records)
    assert leaks(logged) == []

    # Not in the database in clear: every column of every table.
    assert {table: leaks(text) for table, text in raw_database().items() if leaks(text)} == {}
