"""The rough edges a first user met on the public site (issue 16): addresses of bodies seated
abroad, short mailto: links without blank lines between address lines, one order for the
list and the feeds, and footnote markers linked to their notes."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.utils import timezone

from cases.dates import local_today
from cases.models import Appeal, Footnote
from tests.factories import AppealAuthorityFactory, AuthorityContactFactory, AuthorityFactory
from tests.public.test_public_pages import page, published_case, text_of

pytestmark = pytest.mark.django_db


def _mission_address(client, **fields) -> str:
    """Return the address the public page shows for a mission in Geneva acting for Kyrgyzstan
    (with `fields`)."""
    case = published_case()
    mission = AuthorityFactory(
        person_name="",
        post="Permanent Mission of the Kyrgyz Republic to the United Nations Office in Geneva",
        seat="Geneva",
        country="KG",
        **fields,
    )
    AppealAuthorityFactory(appeal=case.appeals.get(), authority=mission, position=9)
    body = text_of(page(client, case))
    return re.search(r"<address>((?:Rue du Valais|Geneva).*?)</address>", body).group(1)


def test_a_body_seated_abroad_shows_its_address_as_posted(client):
    address = _mission_address(
        client, postal_address="Rue du Valais 21 bis\n1202 Geneva\nSwitzerland"
    )
    assert address == "Rue du Valais 21 bis<br>1202 Geneva<br>Switzerland"


def test_a_body_seated_abroad_with_only_a_seat_shows_the_seats_country(client):
    """The demo's KGZ 003 mission showed "Geneva / Kyrgyzstan"."""
    assert _mission_address(client, seat_country="CH") == "Geneva<br>Switzerland"


def test_mailto_is_short_links_to_the_full_text_and_has_no_blank_address_lines(client):
    case = published_case()
    appeal = case.appeals.get()
    text = appeal.texts.get()
    text.description = "A long account. " * 400
    text.save()
    authority = AuthorityFactory(
        person_name="Aibek Long", postal_address="Line one\nLine two\nBishkek 720000"
    )
    AuthorityContactFactory(authority=authority, kind="email", value="long@example.kg")
    AppealAuthorityFactory(appeal=appeal, authority=authority, position=7)
    body = text_of(page(client, case))
    link = re.search(r'href="(mailto:long@example\.kg\?[^"]+)"', body).group(1)
    link = link.replace("&amp;", "&")
    assert len(link) < 2000
    decoded = unquote(link)
    assert "Dear Prosecutor General," in decoded
    assert "#take-action" in decoded
    assert "\r\n\r\n\r\n" not in decoded
    # The address lines (the body once began with the whole letter, a blank line between each
    # of them): never apart, wherever they are.
    assert "Line one\r\n\r\n" not in decoded and "Line two\r\n\r\n" not in decoded


def test_the_list_and_the_feeds_put_the_same_appeal_first(client):
    today = local_today("Asia/Bishkek")
    older = published_case(title="Kyrgyzstan: issued yesterday")
    Appeal.objects.filter(case=older).update(
        issue_date=today - dt.timedelta(days=1),
        issued_at=timezone.now() - dt.timedelta(days=1),
    )
    backdated = published_case(title="Kyrgyzstan: dated last month, issued now")
    Appeal.objects.filter(case=backdated).update(issue_date=today - dt.timedelta(days=30))
    listed = text_of(client.get("/"))
    assert listed.index("dated last month, issued now") < listed.index("issued yesterday")
    root = ET.fromstring(client.get("/feeds/appeals.rss").content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert backdated.reference in titles[0]


def test_footnote_markers_link_to_their_notes_and_back(client):
    case = published_case()
    appeal = case.appeals.get()
    text = appeal.texts.get()
    text.description = "He was arrested on 3 March [1] and charged [2]. See [9]."
    text.save()
    Footnote.objects.create(appeal=appeal, number=1, position=0, text="Urgent Appeal KGZ 001.")
    Footnote.objects.create(appeal=appeal, number=2, position=1, text="Criminal Code, art. 330.")
    body = text_of(page(client, case))
    assert '<a href="#note-1" id="note-ref-1" aria-label="Note 1">[1]</a>' in body
    assert '<a href="#note-2" id="note-ref-2" aria-label="Note 2">[2]</a>' in body
    assert 'id="note-1"' in body and 'href="#note-ref-1"' in body
    assert "See [9]." in body  # no such note: left as printed, not linked
    assert 'href="#note-9"' not in body
