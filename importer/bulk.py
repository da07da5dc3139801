"""Bulk import of an archive folder (issue 15): every file under the folder is received and
read through importer.services, here in this process, and what each gave is reported in CSV and
HTML. One bad file never stops the run; the same bytes again are the same document."""

import csv
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from importer import services
from importer.extraction import DocumentRefused, document_format
from importer.models import ImportedDocument
from importer.reading.stored import proposal_from_json

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
# A row's outcome besides a document's status.
SKIPPED = "skipped"
KNOWN = "already known"
COLUMNS = (
    "file", "outcome", "status", "problem", "reference", "title", "issue_date", "defenders",
    "charges", "measures", "hearings", "actions", "addressees", "unread",
)  # fmt: skip


@dataclass
class Row:
    file: str
    outcome: str
    status: str = ""
    problem: str = ""
    reference: str = ""
    title: str = ""
    issue_date: str = ""
    defenders: int | None = None
    charges: int | None = None
    measures: int | None = None
    hearings: int | None = None
    actions: int | None = None
    addressees: int | None = None
    unread: list[str] = field(default_factory=list)

    def values(self) -> list:
        return [
            "; ".join(self.unread) if name == "unread" else getattr(self, name) for name in COLUMNS
        ]


@dataclass
class Run:
    rows: list[Row] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def summary(self) -> str:
        return _(
            "%(files)d files: %(read)d read, %(refused)d refused, %(failed)d failed, "
            "%(skipped)d skipped, %(known)d already known."
        ) % {
            "files": len(self.rows),
            "read": self.count(ImportedDocument.Status.READ),
            "refused": self.count(ImportedDocument.Status.REFUSED),
            "failed": self.count(ImportedDocument.Status.FAILED),
            "skipped": self.count(SKIPPED),
            "known": self.count(KNOWN),
        }


def archive_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Yield each file under `folder` with "" or why it is skipped, in a stable order. A
    symlink is followed only when it resolves inside `folder`; a loop or an unreadable
    directory is skipped, never raised."""
    root = folder.resolve()
    seen: set[Path] = set()
    for directory, subdirectories, files in os.walk(root, followlinks=True, onerror=None):
        here = Path(directory)
        real = here.resolve()
        if real in seen or not real.is_relative_to(root):
            subdirectories[:] = []
            continue
        seen.add(real)
        subdirectories.sort()
        for name in sorted(files):
            path = here / name
            yield path, _file_skipped(root, path)


def _file_skipped(root: Path, path: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return _("a broken link or a link loop")
    if not target.is_relative_to(root):
        return _("a link to outside the folder")
    if not target.is_file():
        return _("not a regular file")
    if path.suffix.lower() not in SUFFIXES:
        try:
            document_format(path.name)
        except DocumentRefused as refused:
            return refused.message
        return _("%(name)s is not a format the importer reads: .txt, .html, .docx or .pdf.") % {
            "name": path.name
        }
    return ""


def archive_import(
    *,
    folder: Path,
    received_by=None,
    language: str = "",
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> Run:
    """Receive and read every file under `folder`; return what each gave."""
    run = Run()
    for path, skipped in progress(list(archive_files(folder))):
        name = str(path.relative_to(folder.resolve()))
        if skipped:
            run.rows.append(Row(file=name, outcome=SKIPPED, problem=skipped))
            continue
        run.rows.append(_file_import(path, name, received_by=received_by, language=language))
    return run


def _file_import(path: Path, name: str, *, received_by, language: str) -> Row:
    try:
        data = path.read_bytes()
    except OSError as error:
        problem = _("%(name)s could not be opened (%(error)s).") % {
            "name": name,
            "error": error.strerror or type(error).__name__,
        }
        return Row(file=name, outcome=SKIPPED, problem=problem)
    known = ImportedDocument.objects.filter(sha256=services.document_sha256(data)).exists()
    try:
        document = services.document_receive(
            name=path.name, data=data, received_by=received_by, language=language, enqueue=False
        )
    except ValidationError as refused:
        problem = " ".join(refused.messages)
        return Row(file=name, outcome=ImportedDocument.Status.REFUSED, problem=problem)
    # Read here, so that a run without a worker finishes; a document read already is not.
    document = services.document_read(document_id=document.pk)
    return _row(name, document, known=known)


def _row(name: str, document: ImportedDocument, *, known: bool) -> Row:
    row = Row(
        file=name,
        outcome=KNOWN if known else document.status,
        status=document.status,
        problem=document.problem,
    )
    if document.proposal is None:
        return row
    proposal = proposal_from_json(document.proposal)
    row.reference = proposal.reference.value if proposal.reference else ""
    row.title = proposal.title.value if proposal.title else ""
    row.issue_date = proposal.issue_date.as_printed if proposal.issue_date else ""
    row.defenders = len(proposal.defenders)
    row.charges = len(proposal.charges)
    row.measures = len(proposal.measures)
    row.hearings = len(proposal.hearings)
    row.actions = len(proposal.actions)
    row.addressees = len(proposal.addressees)
    row.unread = list(proposal.unread)
    return row


def report_write(run: Run, directory: Path) -> tuple[Path, Path]:
    """Write the run's report as CSV and HTML in `directory`; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / f"import-{timezone.now():%Y%m%d-%H%M%S-%f}"
    csv_path, html_path = stem.with_suffix(".csv"), stem.with_suffix(".html")
    with csv_path.open("w", newline="", encoding="utf-8") as output:
        writer = csv.writer(output)
        writer.writerow(COLUMNS)
        writer.writerows(row.values() for row in run.rows)
    html = render_to_string(
        "importer/import_report.html",
        {"columns": COLUMNS, "rows": [row.values() for row in run.rows], "summary": run.summary()},
    )
    html_path.write_text(html, encoding="utf-8")
    return csv_path, html_path
