"""The public pages served whole from the cache (public.page_cache): a hit reads no database
and renders no template, an edit shows at once in every language, proxies get ETags and
304s, and the forms that cached pages carry are protected without a CSRF token."""

from contextlib import contextmanager

import pytest
from django.test import Client
from django.test.signals import template_rendered

from cases.references import case_public_path
from public.forms import CountrySelect, TakeActionForm
from tests.public.test_public_pages import published_case, text_of

pytestmark = pytest.mark.django_db


@contextmanager
def templates_rendered():
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    try:
        yield names
    finally:
        template_rendered.disconnect(record)


@pytest.fixture
def case(db):
    return published_case()


def _paths(case) -> list[str]:
    return [
        case_public_path(reference=case.reference),
        "/",
        "/?country=KG&page=1",
        "/feeds/appeals.rss",
        "/feeds/kg/appeals.atom",
    ]


def test_a_cache_hit_reads_no_database_and_renders_no_template(
    client, case, django_assert_num_queries
):
    for path in _paths(case):
        first = client.get(path)
        assert first.status_code == 200, path
        with templates_rendered() as names, django_assert_num_queries(0):
            again = client.get(path)
        assert names == [], path
        assert again.status_code == 200
        assert again.content == first.content, path


def test_an_edit_to_a_case_shows_on_its_page_in_every_language(client, case):
    path = case_public_path(reference=case.reference)
    french = Client(HTTP_ACCEPT_LANGUAGE="fr")
    assert "Defender Number0" in text_of(client.get(path))
    assert "Defender Number0" in text_of(french.get(path))
    assert "Defender Number0" in text_of(client.get("/"))
    defender = case.defenders.get()
    defender.full_name = "Renamed Defender"
    defender.save()
    for reader in (client, french):
        body = text_of(reader.get(path))
        assert "Renamed Defender" in body
        assert "Defender Number0" not in body
    assert "Renamed Defender" in text_of(client.get("/"))


def test_an_edit_to_another_case_keeps_this_page(client, case, django_assert_num_queries):
    other = published_case(title="Kazakhstan: another case")
    path = case_public_path(reference=case.reference)
    client.get(path)
    other.title = "Kazakhstan: renamed"
    other.save()
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200


def test_a_repeat_with_its_etag_is_304_and_proxies_may_keep_the_page(client, case):
    path = case_public_path(reference=case.reference)
    first = client.get(path)
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=10"
    assert "Cookie" in first["Vary"] and "Accept-Language" in first["Vary"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_cached_page_holds_no_token_and_sets_no_cookie(client, case):
    response = client.get(case_public_path(reference=case.reference))
    body = text_of(response)
    assert "csrfmiddlewaretoken" not in body
    assert not response.cookies


def test_the_language_switcher_returns_to_the_page_asked_for(client, case):
    client.get("/?country=KG")
    body = text_of(client.get("/?page=1&country=KG"))
    assert '<input type="hidden" name="next" value="/?page=1&amp;country=KG">' in body
    assert "__public_next_path__" not in body


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, False),
        ({"HTTP_ORIGIN": "http://testserver"}, False),
        ({"HTTP_REFERER": "http://testserver/appeals/x/"}, False),
        ({"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"}, True),
        ({"HTTP_ORIGIN": "https://evil.example"}, True),
        ({"HTTP_REFERER": "https://evil.example/page"}, True),
        ({}, True),
    ],
)
def test_take_action_is_refused_from_another_site(case, headers, refused):
    strict = Client(enforce_csrf_checks=True)
    path = case_public_path(reference=case.reference)
    response = strict.post(f"{path}letters/", {"language": "en", "authority": "nobody"}, **headers)
    # 400: past the check, refused for its unknown authority.
    assert response.status_code == (403 if refused else 400)


def test_the_language_switcher_is_refused_from_another_site(case):
    strict = Client(enforce_csrf_checks=True)
    data = {"language": "fr", "next": "/"}
    assert strict.post("/i18n/setlang/", data, HTTP_ORIGIN="https://evil.example").status_code == (
        403
    )
    assert strict.post("/i18n/setlang/", data, HTTP_SEC_FETCH_SITE="same-origin").status_code == (
        302
    )


def test_the_country_select_is_rendered_once_per_language():
    CountrySelect._rendered.clear()
    form = TakeActionForm(authorities=[], languages=["en"])
    first = str(form["country"])
    with templates_rendered() as names:
        again = str(TakeActionForm(authorities=[], languages=["en"])["country"])
    assert names == []
    assert again == first
    assert '<option value="BE">Belgium</option>' in first
