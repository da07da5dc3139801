"""The text of an archived appeal's file: pasted text, .txt, .html, .docx or .pdf.

`document_text` is a pure function of the file's name and bytes. It refuses, with a message
naming what is wrong, any file it will not read: too large, of another format, a Word file with
macros or whose parts unpack past a limit (a zip bomb), XML with a DTD or entities, an encrypted
PDF, a PDF of too many pages or with no text layer (a scan). Nothing it reads is executed or
fetched: no macro runs, no entity is resolved, no link is followed. The limits are settings
(IMPORTER_MAX_*, docs/configuration.md). Parsing a malformed file is bounded by these limits
and by the Celery task's time limit that runs it (issue 15); here it gives DocumentRefused,
never another exception.
"""

import io
import re
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

# Word's parts that hold the text a reader sees, in reading order.
_DOCX_TEXT_PARTS = ("word/document.xml",)
_DOCX_MACRO_MARKERS = ("vbaproject.bin", "vbadata.xml", "activex/")
_DOCX_MACRO_CONTENT_TYPE = b"application/vnd.ms-word.document.macroEnabled"
# A declaration of a document type or an entity, anywhere in an XML part.
_XML_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)

FORMATS = ("txt", "html", "docx", "pdf")
# Encodings of text files in appeals' archives besides UTF-8: Western and Central European and
# Cyrillic Windows code pages, their ISO and KOI8 cousins, and UTF-16 with its mark.
_ARCHIVE_ENCODINGS = [
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "iso8859_5", "utf_16",
]  # fmt: skip


class DocumentRefused(Exception):
    """A file the importer will not read; `field` is the form field to name ("document")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _refuse(message: str) -> DocumentRefused:
    return DocumentRefused("document", message)


def document_format(name: str) -> str:
    """Return the format of a file named `name` ("txt", "html", "docx", "pdf"), or refuse it."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower().lstrip(".")
    if suffix in ("htm", "html", "xhtml"):
        return "html"
    if suffix in ("txt", "text", ""):
        return "txt"
    if suffix in ("docx", "pdf"):
        return suffix
    if suffix in ("docm", "dotm", "doc", "dot"):
        raise _refuse(
            _(
                "%(name)s is a Word file with macros or in the old binary format; save it as "
                ".docx (Word Document) and upload that."
            )
            % {"name": name}
        )
    raise _refuse(
        _("%(name)s is not a format the importer reads: .txt, .html, .docx or .pdf.")
        % {"name": name}
    )


def document_size_check(*, name: str, data: bytes) -> None:
    """Refuse a file larger than IMPORTER_MAX_DOCUMENT_BYTES, before anything reads it."""
    limit = settings.IMPORTER_MAX_DOCUMENT_BYTES
    if len(data) > limit:
        raise _refuse(
            _("%(name)s is %(size)d bytes; the importer reads files of at most %(limit)d bytes.")
            % {"name": name, "size": len(data), "limit": limit}
        )


def document_text(*, name: str, data: bytes) -> str:
    """Return the text of the file `name` whose content is `data`, paragraphs separated by
    blank lines. Raise DocumentRefused if it is too large, hostile or has no text."""
    document_size_check(name=name, data=data)
    kind = document_format(name)
    if kind == "txt":
        text = _plain_text(name, data)
    elif kind == "html":
        text = _html_text(name, data)
    elif kind == "docx":
        text = _docx_text(name, data)
    else:
        text = _pdf_text(name, data)
    text = _tidy(text)
    if not text.strip():
        raise _refuse(_("%(name)s has no text to read.") % {"name": name})
    return text


def _tidy(text: str) -> str:
    """Return `text` with Unix line ends, no trailing spaces and at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _decode(name: str, data: bytes) -> str:
    """Return `data` decoded: UTF-8 (with or without its mark) when it is, else the encoding
    charset-normalizer finds (Windows-1252, Latin-1, KOI8-R and the like in old archives)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Limited to the encodings appeals were saved in: on a short text, charset-normalizer
    # otherwise picks rare code pages (cp775 for French in Windows-1252).
    # Where two fit equally well (cp1250 and cp1252 on French), the more common one wins.
    results = list(from_bytes(data, cp_isolation=_ARCHIVE_ENCODINGS))
    if not results:
        raise _refuse(
            _("%(name)s is not a text file: its characters could not be decoded.") % {"name": name}
        )
    best = min(
        results,
        key=lambda result: (
            result.chaos,
            -result.coherence,
            min(_ARCHIVE_ENCODINGS.index(name) for name in result.could_be_from_charset),
        ),
    )
    return str(best)


def _plain_text(name: str, data: bytes) -> str:
    return _decode(name, data)


def _html_text(name: str, data: bytes) -> str:
    """Return the main text of a saved web page: the appeal without the site's navigation,
    share buttons and footer (trafilatura), with its line breaks."""
    import trafilatura

    markup = _decode(name, data)
    # A web page may declare its document type, never entities (an XML page could).
    if re.search(r"<!ENTITY", markup, re.IGNORECASE):
        raise _refuse(
            _("%(name)s declares XML entities, which the importer does not resolve.")
            % {"name": name}
        )
    try:
        text = trafilatura.extract(
            markup,
            include_comments=False,
            include_tables=True,
            include_links=False,
            include_formatting=False,
            favor_recall=True,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception as exc:  # a malformed page: lxml and trafilatura raise their own types
        raise _refuse(_("%(name)s is not a readable web page.") % {"name": name}) from exc
    if not text:
        raise _refuse(_("%(name)s has no main text to read.") % {"name": name})
    # trafilatura puts one paragraph a line; the reader expects blank lines between them.
    return text.replace("\n", "\n\n")


def _docx_text(name: str, data: bytes) -> str:
    """Return the paragraphs (and table cells) of a Word file, after checking its package:
    no macros, no DTD or entity in its XML, and unpacked parts within the limit."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(_("%(name)s is not a readable Word file.") % {"name": name}) from exc
    limit = settings.IMPORTER_MAX_UNCOMPRESSED_BYTES
    # The sizes in the zip's directory can lie; each part is read with a cap below as well.
    if sum(member.file_size for member in members) > limit:
        raise _refuse(
            _("%(name)s unpacks to more than %(limit)d bytes; the importer does not read it.")
            % {"name": name, "limit": limit}
        )
    names = [member.filename.lower() for member in members]
    if any(marker in part for part in names for marker in _DOCX_MACRO_MARKERS):
        raise _refuse(
            _("%(name)s contains macros; the importer does not read such files.") % {"name": name}
        )
    if "word/document.xml" not in names:
        raise _refuse(_("%(name)s is not a readable Word file.") % {"name": name})
    unpacked = 0
    for member in members:
        # Every part is unpacked here, with a cap, before python-docx (which loads them all)
        # sees the file: a part whose size the directory understates is caught too.
        xml = member.filename.lower().endswith((".xml", ".rels"))
        try:
            with package.open(member) as part:
                content = part.read(limit - unpacked + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise _refuse(_("%(name)s is not a readable Word file.") % {"name": name}) from exc
        unpacked += len(content)
        if unpacked > limit:
            raise _refuse(
                _("%(name)s unpacks to more than %(limit)d bytes; the importer does not read it.")
                % {"name": name, "limit": limit}
            )
        if not xml:
            continue
        if member.filename == "[Content_Types].xml" and _DOCX_MACRO_CONTENT_TYPE in content:
            raise _refuse(
                _("%(name)s contains macros; the importer does not read such files.")
                % {"name": name}
            )
        if _XML_DTD.search(content):
            raise _refuse(
                _("%(name)s declares XML entities, which the importer does not resolve.")
                % {"name": name}
            )
    return _docx_paragraphs(name, data)


def _docx_paragraphs(name: str, data: bytes) -> str:
    import defusedxml.ElementTree
    import docx
    from defusedxml import DefusedXmlException

    try:
        # python-docx parses with lxml (no network, entities not resolved); the parts were
        # checked above. defusedxml parses the main part once more as a second guard.
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            defusedxml.ElementTree.fromstring(package.read("word/document.xml"))
        document = docx.Document(io.BytesIO(data))
    except (DefusedXmlException, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise _refuse(_("%(name)s is not a readable Word file.") % {"name": name}) from exc
    except Exception as exc:  # lxml's XMLSyntaxError, python-docx's own errors
        raise _refuse(_("%(name)s is not a readable Word file.") % {"name": name}) from exc
    blocks = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append("\t".join(cell.text for cell in row.cells))
    return "\n\n".join(blocks)


def _pdf_text(name: str, data: bytes) -> str:
    """Return the text layer of a PDF, page by page. Refuse an encrypted PDF, one of more
    pages than the limit, and one with no text (a scan: the importer does no OCR)."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    if not data.lstrip()[:5] == b"%PDF-":
        raise _refuse(_("%(name)s is not a readable PDF.") % {"name": name})
    limit = settings.IMPORTER_MAX_PDF_PAGES
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        if document.encryption is not None:
            raise _refuse(
                _("%(name)s is an encrypted PDF; save it without a password and upload that.")
                % {"name": name}
            )
        for pages, _page in enumerate(PDFPage.create_pages(document), start=1):
            if pages > limit:
                raise _refuse(
                    _("%(name)s has more than %(limit)d pages; the importer reads shorter PDFs.")
                    % {"name": name, "limit": limit}
                )
        text = extract_text(io.BytesIO(data), laparams=LAParams(), maxpages=limit)
    except DocumentRefused:
        raise
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise _refuse(
            _("%(name)s is an encrypted PDF; save it without a password and upload that.")
            % {"name": name}
        ) from exc
    except Exception as exc:  # pdfminer raises many types (PSSyntaxError, PDFSyntaxError …)
        raise _refuse(_("%(name)s is not a readable PDF.") % {"name": name}) from exc
    if not text.strip():
        raise _refuse(
            _(
                "%(name)s has no text layer (a scan?); the importer does not read images. "
                "Paste the text instead."
            )
            % {"name": name}
        )
    # pdfminer ends pages with a form feed and wraps lines inside paragraphs.
    return _pdf_paragraphs(text.replace("\x0c", "\n\n"))


def _pdf_paragraphs(text: str) -> str:
    """Return `text` with the lines of each paragraph joined (pdfminer breaks them where the
    page did), paragraphs separated by blank lines."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        # A line that was wrapped (the one before it fills the column) joins it; a short line
        # (a header's reference, date or theme) and a bullet or numbered action stay apart.
        width = max(len(line) for line in lines)
        joined: list[str] = []
        previous = ""
        for line in lines:
            wrapped = width > 50 and len(previous) >= 0.75 * width
            if joined and wrapped and not re.match(r"^([·•\-–]|[ivx]+\.|\d+\.|\[\d+\])\s", line):
                # "belarus-" + "geneva.example.ch": a line broken after a hyphen keeps it.
                joined[-1] += line if joined[-1].endswith("-") else " " + line
            else:
                joined.append(line)
            previous = line
        paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs)
