"""What keeps letters cheap, as mechanisms (the timings are bench/letters.py's): a new
campaigner's letter reads the appeal once per process, a render reuses the parsed stylesheet
with the same PDF, and a download is one query."""

import datetime as dt
import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters import rendering
from letters.context import Campaigner
from letters.models import Letter
from letters.rendering import LETTERS_STATIC_DIR, letter_html, letter_pdf
from letters.services import letter_render_now, letter_request
from tests.public.test_public_pages import published_case

pytestmark = pytest.mark.django_db

JANE = Campaigner(name="Jane Campaigner", city="Ghent", country="BE")
OMAR = Campaigner(name="Omar Campaigner", city="Lyon", country="FR")
TODAY = dt.date(2026, 12, 4)


def _ask(appeal, campaigner):
    return letter_request(
        appeal=appeal,
        authority_id_or_all="all",
        language="en",
        campaigner=campaigner,
        today=TODAY,
        enqueue=False,
    )


def _tables_read(queries) -> set[str]:
    return {
        table
        for query in queries
        for table in ("defenders_defender", "cases_charge", "cases_hearing", "cases_proceeding")
        if f'FROM "{table}"' in query["sql"]
    }


def test_a_second_campaigners_letter_does_not_read_the_case_again():
    appeal = published_case().appeals.get()
    with CaptureQueriesContext(connection) as first:
        _ask(appeal, JANE)
    with CaptureQueriesContext(connection) as second:
        letter = _ask(appeal, OMAR)

    assert _tables_read(first.captured_queries) == {
        "defenders_defender",
        "cases_charge",
        "cases_hearing",
        "cases_proceeding",
    }
    # The letters' languages still read the charges (letters.selectors.appeal_letter_offers).
    assert _tables_read(second.captured_queries) == {"cases_charge"}
    assert len(first.captured_queries) - len(second.captured_queries) == 13
    rendering.letter_contexts_forget()
    assert letter.html == letter_html(appeal=appeal, language="en", campaigner=OMAR, today=TODAY)
    assert "Omar Campaigner" in letter.html
    assert "Jane Campaigner" not in letter.html


def test_a_change_to_what_the_letter_shows_reads_the_case_again():
    appeal = published_case().appeals.get()
    _ask(appeal, JANE)
    appeal.texts.update(title="A title written since")

    with CaptureQueriesContext(connection) as queries:
        letter = _ask(appeal, OMAR)

    assert "defenders_defender" in _tables_read(queries.captured_queries)
    assert "A title written since" in letter.html


def test_the_process_keeps_a_bounded_number_of_contexts(monkeypatch):
    monkeypatch.setattr(rendering, "CONTEXTS_KEPT", 2)
    appeal = published_case().appeals.get()
    for language in ("en", "fr", "ru"):
        letter_html(appeal=appeal, language=language, context_key=f"key-{language}")
    assert list(rendering._contexts) == ["key-fr", "key-ru"]


def _pages(pdf: bytes) -> list[tuple[str, bytes]]:
    return [
        (page.extract_text(), page.get_contents().get_data())
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]


def test_the_parsed_stylesheet_gives_the_pdf_its_inline_copy_gives():
    appeal = published_case().appeals.get()
    html = letter_html(appeal=appeal, language="en", campaigner=JANE)
    from weasyprint import HTML

    inline = HTML(string=html, base_url=LETTERS_STATIC_DIR.as_uri() + "/").write_pdf()

    ours = _pages(letter_pdf(html=html))
    assert ours == _pages(inline)
    assert any("Jane Campaigner" in text for text, _content in ours)


def test_a_download_is_one_query(client):
    appeal = published_case().appeals.get()
    letter = letter_render_now(letter_id=_ask(appeal, JANE).pk)
    assert letter.status == Letter.Status.READY

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/letters/{letter.pk}/pdf")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == letter.pdf.open("rb").read()
    assert len(queries.captured_queries) == 1


def test_a_pending_letter_has_no_download(client):
    appeal = published_case().appeals.get()
    letter = _ask(appeal, JANE)
    response = client.get(f"/api/v1/letters/{letter.pk}/pdf")
    assert response.status_code == 404
    # Under /api/, in the one error shape, not the public site's HTML page.
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "No ready letter at this address.",
    }


def test_a_letter_whose_file_is_gone_is_a_404_that_says_so(client):
    appeal = published_case().appeals.get()
    letter = letter_render_now(letter_id=_ask(appeal, JANE).pk)
    letter.pdf.storage.delete(letter.pdf.name)

    response = client.get(f"/api/v1/letters/{letter.pk}/pdf")

    assert response.status_code == 404
    assert response.json()["detail"] == (
        "This letter's file is no longer kept: ask for the letter again on the appeal's page."
    )

    french = client.get(f"/api/v1/letters/{letter.pk}/pdf", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["detail"] == (
        "Le fichier de cette lettre n’est plus conservé : demandez à nouveau la lettre sur la "
        "page de l’appel."
    )
