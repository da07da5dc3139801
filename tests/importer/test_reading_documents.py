"""A fictional appeal saved as a Word file, a web page (with a site's navigation and footer) or
a PDF reads as its text does: extraction keeps the layout the reader relies on."""

import html
import io
import json
from pathlib import Path

import docx
import pytest
import weasyprint

from importer.extraction import document_text
from importer.reading import appeal_read

APPEALS = Path(__file__).resolve().parent.parent / "data" / "appeals"


def _paragraphs(text: str) -> list[list[str]]:
    return [paragraph.split("\n") for paragraph in text.split("\n\n")]


def _as_docx(text: str) -> bytes:
    document = docx.Document()
    for paragraph in _paragraphs(text):
        for line in paragraph:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _body(text: str) -> str:
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in paragraph) + "</p>"
        for paragraph in _paragraphs(text)
    )


def _as_html(text: str) -> bytes:
    return (
        "<!DOCTYPE html><html><body><nav>Home | News | Donate</nav>"
        f"<main><article>{_body(text)}</article></main>"
        "<footer>Share on social media. Copyright the Observatory.</footer></body></html>"
    ).encode()


def _as_pdf(text: str) -> bytes:
    return weasyprint.HTML(string=f"<html><body>{_body(text)}</body></html>").write_pdf()


@pytest.mark.parametrize(
    "name", ["01_blr_urgent_appeal", "03_blr_urgent_action_ua_117_21", "07_dza_appel_urgent"]
)
@pytest.mark.parametrize(
    ("suffix", "save"), [("docx", _as_docx), ("html", _as_html), ("pdf", _as_pdf)]
)
def test_an_appeal_reads_the_same_from_each_format(name, suffix, save):
    text = (APPEALS / f"{name}.txt").read_text()
    answer = json.loads((APPEALS / f"{name}.answer.json").read_text())
    proposal = appeal_read(text=document_text(name=f"{name}.{suffix}", data=save(text)))
    assert proposal.reference.value == answer["reference"]
    assert proposal.issue_date.value.iso() == answer["issue_date"]
    assert [d.name for d in proposal.defenders] == [d["name"] for d in answer["defenders"]]
    assert [(c.offence, c.article) for c in proposal.charges] == [
        (c["offence"], c["article"]) for c in answer["charges"]
    ]
    assert [a.text for a in proposal.actions] == [a["text"] for a in answer["actions"]]
    assert [(a.name, a.fax, a.email) for a in proposal.addressees] == [
        (a["name"], a["fax"], a["email"]) for a in answer["authorities"]
    ]
    assert "Donate" not in proposal.text and "Share on social media" not in proposal.text
