"""A letter's plain text, from its HTML: what campaigners copy into an e-mail. Costs no render
(the HTML is built to find a letter's key anyway), so it is offered even when a PDF is not."""

import html
import re

from django.utils.html import strip_tags

_BLOCK_END = re.compile(r"<br\s*/?>|</(p|li|h\d|address|div|header|section|ol|ul)>", re.I)
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S | re.I)
_BLANK_LINES = re.compile(r"\n\s*\n+")
# A line break and the template's indentation around it: one new line, not a blank one.
_LINE_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.I)


def letter_plain_texts(letter: str) -> list[str]:
    """Return the plain text of each letter (one per authority) in a letter's HTML."""
    texts = []
    for article in _ARTICLE.findall(letter):
        article = _LINE_BREAK.sub("<br>", article)
        text = html.unescape(strip_tags(_BLOCK_END.sub("\n", article)))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        texts.append(_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip())
    return texts


def letter_text(letter: str) -> str:
    """Return the plain text of a letter's HTML, its letters (one per authority) apart."""
    return "\n\n\n".join(letter_plain_texts(letter))
