"""document_text: the text of each supported format, and a clear refusal of every file the
importer will not read (issue 15, "Hostile files")."""

import io
import zipfile

import docx
import pytest
import weasyprint
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from importer.extraction import DocumentRefused, document_text

APPEAL_LINES = [
    "Belarus: Arbitrary detention of lawyer Mr. Aleksandr Karpenko",
    "Urgent Appeal",
    "BLR 002 / 0321 / OBS 027",
    "March 29, 2021",
]


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_with(part: str, content: bytes, *, base: bytes | None = None) -> bytes:
    """Return a Word file with `part` added (or replaced) in its package."""
    source = zipfile.ZipFile(io.BytesIO(base or _docx(APPEAL_LINES)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename))
        target.writestr(part, content)
    return buffer.getvalue()


def _pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf()


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(DocumentRefused) as refused:
        document_text(name=name, data=data)
    assert refused.value.field == "document"
    return refused.value.message


def test_plain_text_in_utf8_keeps_every_line():
    text = document_text(name="appeal.txt", data="\n".join(APPEAL_LINES).encode())
    assert text.splitlines() == APPEAL_LINES


FRENCH = "Algérie : Arrestation de M. Karim Bensaïd, 16 décembre 2020, « atteinte à l'unité »"
RUSSIAN = "Беларусь: Задержание адвоката Александра Карпенко, 29 марта 2021 г."


@pytest.mark.parametrize(
    ("line", "encoding"),
    [(FRENCH, "cp1252"), (FRENCH, "utf-16"), (RUSSIAN, "cp1251"), (RUSSIAN, "koi8_r")],
)
def test_plain_text_in_an_old_encoding_is_decoded(line, encoding):
    text = document_text(name="appel.txt", data=line.encode(encoding))
    assert text.strip() == line


def test_a_web_page_gives_its_main_text_without_navigation_or_footer():
    body = "".join(f"<p>{line}</p>" for line in APPEAL_LINES) + (
        "<p>According to the information received, on March 10, 2021, Mr. Karpenko was arrested "
        "at his office in Minsk, and a dozen other lawyers were detained in the city on the "
        "same day. Most of them were released in the evening.</p>"
    )
    page = (
        "<!DOCTYPE html><html><head><title>Appeal</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> Subscribe to our newsletter</nav>"
        f"<main><article>{body}</article></main>"
        "<footer>Share on social media. Copyright the Observatory. Privacy policy</footer>"
        "</body></html>"
    )
    text = document_text(name="appeal.html", data=page.encode())
    assert "BLR 002 / 0321 / OBS 027" in text
    assert "Mr. Karpenko was arrested at his office in Minsk" in text
    assert "Subscribe to our newsletter" not in text
    assert "Privacy policy" not in text


def test_a_word_file_gives_its_paragraphs():
    text = document_text(name="appeal.docx", data=_docx(APPEAL_LINES))
    assert [line for line in text.splitlines() if line] == APPEAL_LINES


def test_a_pdf_gives_its_text_layer():
    html = "".join(f"<p>{line}</p>" for line in APPEAL_LINES)
    text = document_text(name="appeal.pdf", data=_pdf(html))
    for line in APPEAL_LINES:
        assert line in text


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IMPORTER_MAX_DOCUMENT_BYTES = 100
    message = _refusal("appeal.txt", b"x" * 101)
    assert message == "appeal.txt is 101 bytes; the importer reads files of at most 100 bytes."


def test_another_format_is_refused():
    message = _refusal("appeal.odt", b"PK\x03\x04")
    assert message == "appeal.odt is not a format the importer reads: .txt, .html, .docx or .pdf."


def test_a_macro_enabled_word_file_is_refused_by_its_name():
    message = _refusal("appeal.docm", _docx(APPEAL_LINES))
    assert message.startswith("appeal.docm is a Word file with macros")


def test_a_word_file_carrying_macros_is_refused():
    data = _docx_with("word/vbaProject.bin", b"\x00" * 64)
    message = _refusal("appeal.docx", data)
    assert message == "appeal.docx contains macros; the importer does not read such files."


def test_a_word_file_declaring_xml_entities_is_refused():
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    message = _refusal("appeal.docx", _docx_with("word/document.xml", hostile))
    assert message == "appeal.docx declares XML entities, which the importer does not resolve."


def test_a_zip_bomb_is_refused_without_unpacking_it(settings):
    settings.IMPORTER_MAX_UNCOMPRESSED_BYTES = 1_000_000
    bomb = _docx_with("word/padding.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    assert len(bomb) < 100_000
    message = _refusal("appeal.docx", bomb)
    assert message == (
        "appeal.docx unpacks to more than 1000000 bytes; the importer does not read it."
    )


def test_a_zip_bomb_whose_directory_understates_its_size_is_refused(settings):
    settings.IMPORTER_MAX_UNCOMPRESSED_BYTES = 1_000_000
    source = zipfile.ZipFile(io.BytesIO(_docx(APPEAL_LINES)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/media/image1.png", b"\x00" * 5_000_000)
    data = bytearray(buffer.getvalue())
    # Rewrite the picture's uncompressed size in the central directory to 10 bytes.
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/media/image1.png"))
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    # zipfile stops at the stated size and finds the checksum wrong: refused, never unpacked.
    assert _refusal("appeal.docx", bytes(data)) == "appeal.docx is not a readable Word file."


def test_a_file_named_docx_that_is_no_zip_is_refused():
    assert _refusal("appeal.docx", b"not a zip") == "appeal.docx is not a readable Word file."


def test_a_web_page_declaring_entities_is_refused():
    page = b'<!DOCTYPE html [<!ENTITY x "boom">]><html><body><p>&x;</p></body></html>'
    message = _refusal("appeal.html", page)
    assert message == "appeal.html declares XML entities, which the importer does not resolve."


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("<p>Urgent Appeal</p>"))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    message = _refusal("appeal.pdf", buffer.getvalue())
    assert message == (
        "appeal.pdf is an encrypted PDF; save it without a password and upload that."
    )


def test_a_pdf_of_too_many_pages_is_refused(settings):
    settings.IMPORTER_MAX_PDF_PAGES = 2
    pages = "".join('<p style="page-break-after: always">Page</p>' for _ in range(3))
    message = _refusal("appeal.pdf", _pdf(pages))
    assert message == "appeal.pdf has more than 2 pages; the importer reads shorter PDFs."


def test_a_scanned_pdf_without_a_text_layer_is_refused():
    picture = '<div style="width: 10cm; height: 5cm; background: black"></div>'
    message = _refusal("scan.pdf", _pdf(picture))
    assert message.startswith("scan.pdf has no text layer (a scan?)")


def test_a_malformed_pdf_is_refused_not_a_crash():
    message = _refusal("appeal.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF")
    assert message == "appeal.pdf is not a readable PDF."


def test_an_empty_text_file_is_refused():
    assert _refusal("appeal.txt", b"  \n\n ") == "appeal.txt has no text to read."


def test_a_refusal_speaks_the_language_of_the_request():
    with translation.override("fr"):
        message = _refusal("appeal.odt", b"PK")
    assert message == (
        "appeal.odt n'est pas dans un format que l'importateur lit : .txt, .html, .docx ou .pdf."
    )
