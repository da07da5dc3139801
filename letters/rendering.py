"""An appeal's letters as HTML and PDF: pure functions, no storage, no database writes.

`letter_html` gives the very HTML that `letter_pdf` turns into a PDF, so that a preview shows
exactly what will be printed. The HTML is self-contained (its stylesheet is inlined and its
fonts are the system's), so WeasyPrint has nothing to fetch for a letter of ours.
"""

import datetime as dt
import threading
from collections import OrderedDict
from functools import cache
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import pgettext

from authorities.models import Authority
from cases.models import Appeal
from letters.context import Campaigner, letter_appeal_context, letter_campaigner_data
from letters.fetcher import LETTERS_STATIC_DIR, LetterURLFetcher

# Bump whenever the template, the stylesheet or the wording changes: stored letters are keyed
# on it, so a new version renders new letters instead of serving old ones.
TEMPLATE_VERSION = "5"

TEMPLATE_NAME = "letters/letter.html"
STYLESHEET = LETTERS_STATIC_DIR / "letter.css"


@cache
def _stylesheet() -> SafeString:
    # Our own file, never case data: the one value the template does not escape (escaping
    # would turn its quotes into entities, which <style> does not decode).
    return mark_safe(STYLESHEET.read_text(encoding="utf-8"))  # noqa: S308


# The appeal's part of a letter's context (letter_appeal_context), kept by this process
# under the key of everything it shows (letters.services: the versions read by
# letter_request_stamps, the addressee, the language, the day, the template version). In a
# campaign thousands of campaigners ask for letters of one appeal, which differ only in who
# signs: the appeal's part is read once (about 25 queries), not once a campaigner. A change
# to anything the letter shows gives another key, so a kept context is never stale; the
# oldest goes when more than CONTEXTS_KEPT are kept.
CONTEXTS_KEPT = 64
_contexts: OrderedDict[str, dict[str, Any]] = OrderedDict()
_contexts_lock = threading.Lock()


def letter_contexts_forget() -> None:
    """Forget the contexts this process keeps."""
    with _contexts_lock:
        _contexts.clear()


def _appeal_context(
    *,
    key: str | None,
    appeal: Appeal,
    authority: Authority | None,
    language: str,
    today: dt.date | None,
) -> dict[str, Any]:
    if key is not None:
        with _contexts_lock:
            kept = _contexts.get(key)
            if kept is not None:
                _contexts.move_to_end(key)
                return kept
    context = letter_appeal_context(
        appeal=appeal,
        authorities=None if authority is None else [authority],
        language=language,
        today=today,
    )
    if key is not None:
        with _contexts_lock:
            _contexts[key] = context
            while len(_contexts) > CONTEXTS_KEPT:
                _contexts.popitem(last=False)
    return context


def letter_html(
    *,
    appeal: Appeal,
    authority: Authority | None = None,
    language: str,
    campaigner: Campaigner | None = None,
    today: dt.date | None = None,
    context_key: str | None = None,
) -> str:
    """Return the HTML of the appeal's letter to `authority` in `language`; with no authority,
    one letter to each authority the appeal is addressed to, each starting on a new page.

    `context_key` names the versions of everything the letter shows but who signs
    (letters.services.letter_request passes it, with `today`): the appeal's part is then
    read once per process for that key, not for every campaigner."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"No letters in {language!r}.")
    context = {
        **_appeal_context(
            key=context_key, appeal=appeal, authority=authority, language=language, today=today
        ),
        "campaigner": letter_campaigner_data(campaigner, language),
    }
    with translation.override(language):
        context["defender_names"] = get_text_list(
            [d["full_name"] for d in context["defenders"]], pgettext("letter", "and")
        )
        context["stylesheet"] = _stylesheet()
        context["template_version"] = TEMPLATE_VERSION
        return render_to_string(TEMPLATE_NAME, context)


_local = threading.local()


def _font_config():
    """Return this thread's WeasyPrint font configuration, made once.

    WeasyPrint makes a new FontConfiguration for every document unless given one, and each
    leaves native (fontconfig/Pango) memory behind: a worker grew by about 0.23 MiB a render
    (bench/letters.py). One per thread, since Pango is not thread-safe and without a broker
    letters render in request threads. Safe to share: letter.css declares no @font-face.
    """
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_local, "font_config", None) is None:
        _local.font_config = FontConfiguration()
    return _local.font_config


def _parsed_stylesheet():
    """Return this thread's parse of letter.css, made once (with its font configuration).

    Every letter inlines the same stylesheet (so that the preview, the very HTML, needs
    nothing else); parsing it again for each render took about 7 ms of a 60 ms render. The
    parse is given to WeasyPrint in place of the inline copy: the letter has no other author
    stylesheet, so the cascade is the same (a user stylesheet sits between the user agent's
    and the author's, and there is no author's) and so is the PDF
    (tests/letters/test_letter_rendering.py compares them)."""
    from weasyprint import CSS

    if getattr(_local, "stylesheet", None) is None:
        _local.stylesheet = CSS(
            string=str(_stylesheet()),
            base_url=LETTERS_STATIC_DIR.as_uri() + "/",
            url_fetcher=LetterURLFetcher(),
            font_config=_font_config(),
        )
    return _local.stylesheet


def letter_pdf(*, html: str, url_fetcher: LetterURLFetcher | None = None) -> bytes:
    """Return `html` rendered as a PDF.

    Loads nothing but the project's static files and small data: URLs (see
    letters.fetcher), and embeds no attachment whatever the HTML asks for.
    """
    from weasyprint import HTML

    fetcher = url_fetcher or LetterURLFetcher()
    inline = f"<style>{_stylesheet()}</style>"
    stylesheets = []
    if inline in html:
        # Our stylesheet, already parsed (_parsed_stylesheet). A letter of an older template
        # version, with another stylesheet, is rendered with its own.
        html = html.replace(inline, "", 1)
        stylesheets.append(_parsed_stylesheet())
    document = HTML(
        string=html, base_url=LETTERS_STATIC_DIR.as_uri() + "/", url_fetcher=fetcher
    ).render(stylesheets=stylesheets, font_config=_font_config())
    # <link rel="attachment"> and <a rel="attachment"> would embed files in the PDF; a letter
    # has none. The fetcher would refuse them anyway; this makes sure none is even tried.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document.write_pdf(attachments=[])
