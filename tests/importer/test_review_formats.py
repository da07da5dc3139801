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
from tests.api_clients import staff_api_client
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
        return ImportedDocument.objects.get(pk=response["Location"].rstrip("/").split("/")[-2])

    return post


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_is_read_reviewed_and_recorded_through_the_staff_page(
    kind, admin_client_, imported, superuser
):
    document = imported(FORMATS[kind]())
    page = reverse("admin:importer_importeddocument_change", args=[document.pk])

    assert document.status == ImportedDocument.Status.READ, document.problem
    assert document.format == kind
    form = admin_client_.get(page).context["form"]
    assert form["value-reference"].initial == "BLR 002 / 0321 / OBS 027"
    assert form["value-issue_date"].initial == "2021-03-29"
    assert form["value-defenders.0.name"].initial == "Aleksandr Karpenko"

    # The web page's menu comes first in the PDF's text; the title is still the title.
    assert document.proposal["country_as_printed"]["value"] == "Belarus"
    response = admin_client_.post(
        page,
        review_data(
            admin_client_,
            document,
            **{
                "decision-defenders.0.name": "correct",
                "value-defenders.0.name": "Aliaksandr Karpenka",
                "decision-issue_date": "correct",
                "value-issue_date": "2021-03-28",
                "decision-charges.1.offence": "drop",
            },
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.CONFIRMED
    assert document.appeal.case == document.case
    assert document.confirmed_by == superuser
    api = staff_api_client(superuser)
    case = api.get(f"/api/v1/cases/{document.case.pk}/").json()
    appeal = api.get(f"/api/v1/appeals/{document.appeal.pk}/").json()
    assert appeal["reference"] == "BLR 002 / 0321 / OBS 027"
    assert appeal["issue_date"] == "2021-03-28"
    names = [
        api.get(f"/api/v1/defenders/{d['id'] if isinstance(d, dict) else d}/").json()["full_name"]
        for d in case["defenders"]
    ]
    assert names == ["Aliaksandr Karpenka"]
    charges = [c["offence"] for p in case["proceedings"] for c in p["charges"]]
    assert charges == ["petty hooliganism"]
    history = document.appeal.history.first()
    assert history.history_change_reason.startswith(
        f"Imported from {document.name} ({document.sha256[:12]})"
    )


def test_a_follow_up_attaches_to_its_case_and_its_known_defender_is_not_duplicated(
    admin_client_, imported, superuser
):
    first = imported({"text": APPEAL.read_text()})
    first_page = reverse("admin:importer_importeddocument_change", args=[first.pk])
    assert admin_client_.post(first_page, review_data(admin_client_, first)).status_code == 302
    first.refresh_from_db()
    follow_up_text = (APPEAL.parent / "02_blr_new_information_01.txt").read_text()
    follow_up = imported({"text": follow_up_text})
    page = reverse("admin:importer_importeddocument_change", args=[follow_up.pk])
    form = admin_client_.get(page).context["form"]

    # Offered, with the evidence, never chosen for staff: "new" stands until they choose.
    assert form["case"].initial == "new"
    assert (str(first.case.pk), str(first.case)) in form.fields["case"].choices
    defender = first.case.defenders.get()
    assert (str(defender.pk), str(defender)) in form.fields["defender-0"].choices
    defenders_before = type(defender).objects.count()
    response = admin_client_.post(
        page,
        review_data(
            admin_client_,
            follow_up,
            **{"case": str(first.case.pk), "defender-0": str(defender.pk)},
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    follow_up.refresh_from_db()
    assert follow_up.case == first.case
    assert type(defender).objects.count() == defenders_before + (
        len(follow_up.proposal["defenders"]) - 1
    )
