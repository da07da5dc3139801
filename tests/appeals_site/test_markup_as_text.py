"""Markup and spreadsheet formulas typed into a published case's text stay text on every
channel: escaped in the admin, the public pages, the feed and the letters; verbatim JSON
strings in the API (the right thing for JSON: the reader's own page must escape them);
neutralised in the CSV; escaped as iCalendar text, where a line break cannot start a property
of its own. (The CSV's neutralising of each leading character, tab and carriage return
included, is tested in tests/cases/test_api_exports.py.)"""

import csv
import io

import icalendar
import pytest
from django.core.cache import cache

from authorities.models import Authority
from cases.models import AppealText, Hearing
from cases.references import case_public_path
from defenders.models import Defender
from letters.context import Campaigner
from letters.rendering import letter_html
from tests.api_clients import partner_api_client
from tests.factories import CaseAuthorityFactory, ChargeFactory
from tests.public.test_public_pages import _tasks_in_process, published_case  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
# What would run if it reached a page unescaped.
RAW = ("<script>alert(", "<img src=x")
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_ATTRIBUTE = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"

TITLE = f'=HYPERLINK("http://evil") {SCRIPT}'
SUMMARY = f"+cmd {ATTRIBUTE}"
DEFENDER = f"@SUM(1) {SCRIPT} {ATTRIBUTE}"
# A line break and a property line: in iCalendar they must stay inside the LOCATION text.
COURT = f"-1+1 {SCRIPT}\nX-INJECTED:1\nEND:VEVENT; court, no. 2"
OFFENCE = f'{ATTRIBUTE} =HYPERLINK("http://evil")'
AUTHORITY = f"{SCRIPT} Prosecutor"


@pytest.fixture
def case():
    """A published case with an issued appeal, markup and formulas in its text fields."""
    case = published_case(title=TITLE, summary=SUMMARY)
    AppealText.objects.filter(appeal__case=case).update(title=TITLE, description=SUMMARY)
    defender = case.defenders.get()
    Defender.objects.filter(pk=defender.pk).update(full_name=DEFENDER)
    Hearing.objects.filter(case=case).update(court=COURT, city="")
    authority = Authority.objects.get(appeal_links__appeal__case=case)
    Authority.objects.filter(pk=authority.pk).update(person_name=AUTHORITY)
    CaseAuthorityFactory(case=case, authority=authority)
    ChargeFactory(case=case, defender=defender, offence=OFFENCE, article=SCRIPT)
    cache.clear()
    return case


def assert_escaped(html: str, *expected: str) -> None:
    for raw in RAW:
        assert raw not in html
    for text in expected:
        assert text in html


# --- Pages ---------------------------------------------------------------------------------------


def test_the_admin_shows_markup_as_text(admin_client_, case):
    defender = case.defenders.get()
    authority = Authority.objects.get(person_name=AUTHORITY)
    pages = {
        "/admin/cases/case/": (ESCAPED_SCRIPT,),
        f"/admin/cases/case/{case.pk}/change/": (ESCAPED_SCRIPT, ESCAPED_ATTRIBUTE),
        f"/admin/cases/case/{case.pk}/history/": (),
        "/admin/defenders/defender/": (ESCAPED_SCRIPT, ESCAPED_ATTRIBUTE),
        f"/admin/defenders/defender/{defender.pk}/change/": (ESCAPED_ATTRIBUTE,),
        "/admin/authorities/authority/": (ESCAPED_SCRIPT,),
        f"/admin/authorities/authority/{authority.pk}/change/": (ESCAPED_SCRIPT,),
        f"/admin/cases/appeal/{case.appeals.get().pk}/change/": (ESCAPED_SCRIPT,),
    }
    for path, expected in pages.items():
        response = admin_client_.get(path)
        assert response.status_code == 200, path
        assert_escaped(response.content.decode(), *expected)


def test_the_public_pages_and_feed_show_markup_as_text(client, case):
    path = case_public_path(reference=case.reference)

    assert_escaped(client.get("/").content.decode(), ESCAPED_SCRIPT)
    assert_escaped(client.get(path).content.decode(), ESCAPED_SCRIPT, ESCAPED_ATTRIBUTE)
    assert_escaped(client.get("/?q=HYPERLINK").content.decode(), ESCAPED_SCRIPT)
    assert_escaped(client.get("/feeds/appeals.rss").content.decode(), "&lt;script&gt;")


@pytest.mark.usefixtures("_tasks_in_process")
def test_a_campaigners_markup_stays_text_on_the_letter_page(
    client, case, settings, django_capture_on_commit_callbacks
):
    settings.LETTER_THROTTLE = "off"
    path = case_public_path(reference=case.reference) + "letters/"

    with django_capture_on_commit_callbacks(execute=True):  # the letter renders
        response = client.post(
            path, {"language": "en", "authority": "all", "name": SCRIPT, "city": ATTRIBUTE}
        )
    letter_page = client.get(response["Location"])

    assert response.status_code == 303
    letter_text = letter_page.content.decode().split('id="letter-text"')[1]
    assert_escaped(letter_text, ESCAPED_SCRIPT, ESCAPED_ATTRIBUTE)


def test_a_letters_html_escapes_case_text_and_the_campaigners_fields(case):
    html = letter_html(
        appeal=case.appeals.get(),
        language="en",
        campaigner=Campaigner(name=SCRIPT, organisation=ATTRIBUTE, city="", country=""),
    )

    assert_escaped(html, ESCAPED_SCRIPT, ESCAPED_ATTRIBUTE, "&lt;script&gt;alert(1)")


# --- Data ----------------------------------------------------------------------------------------


def test_the_api_returns_the_text_verbatim_as_json_strings(case):
    response = partner_api_client().get(f"/api/v1/cases/{case.pk}/")

    document = response.json()
    assert response["Content-Type"] == "application/json"
    assert document["title"] == TITLE
    assert document["summary"] == SUMMARY
    assert document["defenders"][0]["full_name"] == DEFENDER
    assert document["hearings"][0]["court"] == COURT
    assert document["proceedings"][0]["charges"][0]["offence"] == OFFENCE
    assert document["target_authorities"][0]["person_name"] == AUTHORITY


def test_the_csv_neutralises_formulas_and_keeps_the_text(case):
    response = partner_api_client().get("/api/v1/cases.csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = csv.DictReader(io.StringIO(text))
    assert row["title"] == "'" + TITLE
    assert row["defenders"] == "'" + DEFENDER


def test_the_calendar_keeps_markup_and_line_breaks_inside_the_text(case):
    response = partner_api_client().get("/api/v1/hearings.ics")

    body = response.content
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["location"]) == COURT
    assert COURT in str(event["description"])
    assert DEFENDER in str(event["summary"])
    # One event, and no property the court's text tried to start.
    assert body.count(b"\r\nEND:VEVENT\r\n") == 1
    assert b"\r\nX-INJECTED" not in body
    assert b"\\;" in body and b"\\," in body and b"\\n" in body
