"""python manage.py import_appeals FOLDER: an archive of 200 files, the fictional appeals in
every format plus hostile files, received and read in the command's own process; a report row
per file; a second run adds nothing (issue 15, "Bulk")."""

import csv
import io
import os
import random
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from importer.models import ImportedDocument
from tests.importer.test_extraction import _docx_with, _pdf

ROOT = Path(__file__).parent.parent.parent
SOURCES = sorted(
    [
        *(ROOT / "tests" / "data" / "appeals").glob("*.txt"),
        *(ROOT / "bench" / "heldout").glob("*.txt"),
    ]
)

pytestmark = pytest.mark.django_db


def _docx_of(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _html_of(text: str, title: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n\n"))
    page = (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{paragraphs}</body></html>"
    )
    return page.encode()


def _archive(folder: Path) -> dict[str, int]:
    """Write 200 files under `folder`; return how many of each outcome they should give."""
    expected = {"files": 0, "read": 0, "refused": 0, "skipped": 0, "already known": 0}

    def write(relative: str, data: bytes, outcome: str) -> None:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected["files"] += 1
        expected[outcome] += 1

    texts = [(source.stem, source.read_text(encoding="utf-8")) for source in SOURCES]
    for stem, text in texts:
        write(f"txt/{stem}.txt", text.encode(), "read")
        write(f"html/{stem}.html", _html_of(text, stem), "read")
        write(f"docx/{stem}.docx", _docx_of(text), "read")
        # Variants: the same appeal with a filing note of its own, so its bytes differ.
        for number in range(1, 7):
            write(f"variants/{number}/{stem}.txt", f"{text}\nFiled as {number}.\n".encode(), "read")
        write(f"copies/{stem} (copy).txt", text.encode(), "already known")
    stem, text = texts[0]
    for number in range(2):
        html = "".join(f"<p>{line}</p>" for line in text.splitlines()[:40])
        write(f"pdf/{stem}-{number}.pdf", _pdf(f"<h1>Copy {number}</h1>{html}"), "read")
    random.seed(15)
    write(
        "hostile/bomb.docx",
        _docx_with("word/padding.xml", b"<a>" + b" " * 60_000_000 + b"</a>"),
        "refused",
    )
    write(
        "hostile/malformed.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF",
        "refused",
    )
    write("hostile/macros.docm", _docx_of(text), "skipped")
    write("hostile/empty.txt", b"", "refused")
    write("hostile/binary.txt", bytes(random.randrange(256) for _ in range(4096)), "refused")
    for number in range(200 - expected["files"]):
        write(f"other/answer-{number}.json", b"{}", "skipped")
    return expected


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    expected = _archive(folder)
    # Neither a link to outside the folder nor a link loop is followed, nor stops the run.
    (tmp_path / "outside.txt").write_text(SOURCES[0].read_text(encoding="utf-8"))
    os.symlink(tmp_path / "outside.txt", folder / "outside.txt")
    os.symlink(folder, folder / "other" / "loop")
    expected["files"] += 1
    expected["skipped"] += 1
    return folder, expected


def _run(folder: Path, report: Path, *options: str) -> str:
    output = io.StringIO()
    call_command("import_appeals", str(folder), f"--report-dir={report}", *options, stdout=output)
    return output.getvalue()


def _rows(report: Path) -> list[dict]:
    (path,) = report.glob("*.csv")
    with path.open(encoding="utf-8") as csv_file:
        return list(csv.DictReader(csv_file))


def test_an_archive_is_imported_once_with_a_report_row_per_file(archive, tmp_path, editor):
    folder, expected = archive
    assert expected["files"] == 201

    output = _run(folder, tmp_path / "first", f"--user={editor.username}")

    assert (
        f"{expected['files']} files: {expected['read']} read, {expected['refused']} refused, "
        f"0 failed, {expected['skipped']} skipped, {expected['already known']} already known."
    ) in output
    rows = _rows(tmp_path / "first")
    assert len(rows) == expected["files"]
    by_file = {row["file"]: row for row in rows}
    assert by_file["outside.txt"]["problem"] == "a link to outside the folder"
    assert "bomb.docx unpacks to more than" in by_file["hostile/bomb.docx"]["problem"]
    assert by_file["hostile/malformed.pdf"]["problem"] == "malformed.pdf is not a readable PDF."
    assert by_file["hostile/macros.docm"]["problem"].startswith("macros.docm is a Word file")
    assert by_file["hostile/binary.txt"]["problem"].startswith("binary.txt is not a text file")
    assert by_file["hostile/empty.txt"]["outcome"] == "refused"
    appeal = by_file["txt/01_blr_urgent_appeal.txt"]
    assert (appeal["status"], appeal["reference"]) == ("read", "BLR 002 / 0321 / OBS 027")
    assert int(appeal["defenders"]) >= 1
    assert by_file["docx/01_blr_urgent_appeal.docx"]["reference"] == "BLR 002 / 0321 / OBS 027"
    assert ImportedDocument.objects.count() == expected["read"] + 3  # bomb, malformed, binary: kept
    assert set(ImportedDocument.objects.values_list("received_by", flat=True)) == {editor.pk}
    html = next((tmp_path / "first").glob("*.html")).read_text(encoding="utf-8")
    assert html.count("<tr>") == expected["files"] + 1

    output = _run(folder, tmp_path / "second")

    assert ImportedDocument.objects.count() == expected["read"] + 3
    known = expected["read"] + expected["already known"] + 3
    assert f"{known} already known." in output
    assert len(_rows(tmp_path / "second")) == expected["files"]


def test_the_report_escapes_what_the_files_hold(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "<img src=x onerror=alert(1)>.txt").write_bytes(b"")

    _run(folder, tmp_path)

    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in html


@pytest.mark.parametrize("username", ["nobody", "viewer"])
def test_the_user_must_be_an_existing_staff_member(tmp_path, username, django_user_model):
    django_user_model.objects.create_user(username="viewer", password="x", is_staff=False)

    with pytest.raises(CommandError, match=username):
        _run(tmp_path, tmp_path, f"--user={username}")

    assert not ImportedDocument.objects.exists()
