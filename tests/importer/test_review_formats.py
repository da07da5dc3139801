"""An appeal in each format the importer reads, brought in through the staff page, read,
shown on the review screen and confirmed (issue 15)."""

import html
import io
from pathlib import Path

import docx
import pytest
import weasyprint
from celery import current_app
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importer.models import ImportedDocument
from tests.importer.test_review_screen import review_data

APPEAL = Path(__file__).parent.parent / "data" / "appeals" / "01_blr_urgent_appeal.txt"

pytestmark = pytest.mark.django_db


def _paragraphs() -> list[str]:
    return APPEAL.read_text().split("\n")


def _docx() -> bytes:
    document = docx.Document()
    for paragraph in _paragraphs():
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _html() -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in _paragraphs() if line.strip())
    return (
        "<html><head><title>Appeal</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><article>{body}</article></main>"
        "<footer>Share on social media. © The Observatory</footer></body></html>"
    )


FORMATS = {
    "txt": lambda: {"document": SimpleUploadedFile("appeal.txt", APPEAL.read_bytes())},
    "html": lambda: {"document": SimpleUploadedFile("appeal.html", _html().encode())},
    "docx": lambda: {"document": SimpleUploadedFile("appeal.docx", _docx())},
    "pdf": lambda: {
        "document": SimpleUploadedFile("appeal.pdf", weasyprint.HTML(string=_html()).write_pdf())
    },
    "pasted": lambda: {"text": APPEAL.read_text()},
}


@pytest.fixture
def imported(admin_client_, django_capture_on_commit_callbacks):
    """Return a function that posts the import page and reads the document in-process."""

    def post(data: dict) -> ImportedDocument:
        previous, current_app.conf.task_always_eager = current_app.conf.task_always_eager, True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client_.post(
                    "/admin/importer/importeddocument/add/", {**data, "language": ""}
                )
        finally:
            current_app.conf.task_always_eager = previous
        assert response.status_code == 302, response.content.decode()[:2000]
        return ImportedDocument.objects.get()

    return post


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_is_read_and_reviewed_through_the_staff_page(kind, admin_client_, imported):
    document = imported(FORMATS[kind]())
    page = reverse("admin:importer_importeddocument_change", args=[document.pk])

    assert document.status == ImportedDocument.Status.READ, document.problem
    assert document.format == kind
    form = admin_client_.get(page).context["form"]
    assert form["value-reference"].initial == "BLR 002 / 0321 / OBS 027"
    assert form["value-issue_date"].initial == "2021-03-29"
    assert form["value-defenders.0.name"].initial == "Aleksandr Karpenko"

    pytest.importorskip("importer.confirmation", reason="proposal_confirm (slice I) not merged")
    response = admin_client_.post(
        page,
        review_data(
            admin_client_,
            document,
            **{
                "decision-defenders.0.name": "correct",
                "value-defenders.0.name": "Aliaksandr Karpenka",
            },
        ),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.CONFIRMED
    assert document.appeal.case == document.case
    assert [d.name for d in document.case.defenders.all()] == ["Aliaksandr Karpenka"]
