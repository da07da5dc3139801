"""An appeal's letters as HTML and PDF: pure functions, no storage, no database writes.

`letter_html` gives the very HTML that `letter_pdf` turns into a PDF, so that a preview shows
exactly what will be printed. The HTML is self-contained (its stylesheet is inlined and its
fonts are the system's), so WeasyPrint has nothing to fetch for a letter of ours.
"""

import datetime as dt
import threading
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import pgettext

from authorities.models import Authority
from cases.models import Appeal
from letters.context import Campaigner, letter_context
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


def letter_html(
    *,
    appeal: Appeal,
    authority: Authority | None = None,
    language: str,
    campaigner: Campaigner | None = None,
    today: dt.date | None = None,
) -> str:
    """Return the HTML of the appeal's letter to `authority` in `language`; with no authority,
    one letter to each authority the appeal is addressed to, each starting on a new page."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"No letters in {language!r}.")
    context = letter_context(
        appeal=appeal,
        authorities=None if authority is None else [authority],
        language=language,
        campaigner=campaigner,
        today=today,
    )
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


def letter_pdf(*, html: str, url_fetcher: LetterURLFetcher | None = None) -> bytes:
    """Return `html` rendered as a PDF.

    Loads nothing but the project's static files and small data: URLs (see
    letters.fetcher), and embeds no attachment whatever the HTML asks for.
    """
    from weasyprint import HTML

    fetcher = url_fetcher or LetterURLFetcher()
    document = HTML(
        string=html, base_url=LETTERS_STATIC_DIR.as_uri() + "/", url_fetcher=fetcher
    ).render(font_config=_font_config())
    # <link rel="attachment"> and <a rel="attachment"> would embed files in the PDF; a letter
    # has none. The fetcher would refuse them anyway; this makes sure none is even tried.
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document.write_pdf(attachments=[])
