"""RSS and Atom feeds of newly issued appeals: valid XML, public appeals only, per country."""

import xml.etree.ElementTree as ET

import pytest

from cases.models import Case
from tests.public.test_public_pages import CANARY, published_case

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _rss_titles(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def _atom_titles(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def appeals(db):
    kg = published_case(country="KG")
    kz = published_case(country="KZ", time_zone="Asia/Almaty")
    draft = published_case(status=Case.Status.DRAFT)
    return kg, kz, draft


def test_rss_lists_public_appeals_only(client, appeals):
    kg, kz, draft = appeals
    titles = _rss_titles(client.get("/feeds/appeals.rss"))
    assert len(titles) == 2
    assert any(kg.reference in t for t in titles) and any(kz.reference in t for t in titles)
    assert not any(draft.reference in t for t in titles)


def test_atom_lists_public_appeals_only(client, appeals):
    kg, kz, draft = appeals
    titles = _atom_titles(client.get("/feeds/appeals.atom"))
    assert len(titles) == 2
    assert not any(draft.reference in t for t in titles)


def test_country_feeds_list_that_countrys_appeals(client, appeals):
    kg, kz, _ = appeals
    titles = _rss_titles(client.get("/feeds/kz/appeals.rss"))
    assert len(titles) == 1 and kz.reference in titles[0]
    titles = _atom_titles(client.get("/feeds/KG/appeals.atom"))
    assert len(titles) == 1 and kg.reference in titles[0]


def test_unknown_country_feed_is_404(client):
    assert client.get("/feeds/zz/appeals.rss").status_code == 404


def test_feed_links_to_the_appeal_page(client, appeals):
    kg, _, _ = appeals
    root = ET.fromstring(client.get("/feeds/kg/appeals.rss").content)
    link = next(root.iter("item")).findtext("link")
    assert link.endswith(f"/appeals/{kg.public_slug}/#appeal-0")


def test_feeds_carry_no_confidential_field(client, appeals):
    for url in ("/feeds/appeals.rss", "/feeds/appeals.atom", "/feeds/kg/appeals.rss"):
        assert CANARY not in client.get(url).content.decode()
