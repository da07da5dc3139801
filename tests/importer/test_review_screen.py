"""The importer's pages in the staff area (importer.admin): importing an appeal, the document's
page while it is read, the review screen beside the text, the original's download, and who
may see and do what (issue 15)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from importer.models import ImportedDocument
from tests.conftest import staff_login
from tests.factories import UserFactory

APPEAL = Path(__file__).parent.parent / "data" / "appeals" / "01_blr_urgent_appeal.txt"

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/importer/importeddocument/add/"


def page_of(document) -> str:
    return reverse("admin:importer_importeddocument_change", args=[document.pk])


@pytest.fixture
def document(received, superuser):
    return received(name=APPEAL.name, data=APPEAL.read_bytes(), received_by=superuser)


def review_data(client, document, **decisions) -> dict:
    """Return what the review form posts as shown, with `decisions` ({"decision-<key>": …,
    "value-<key>": …}) changed."""
    form = client.get(page_of(document)).context["form"]
    data = {name: form[name].initial for name in form.fields}
    data["history_note"] = ""
    return {**data, **decisions}


def _with_permissions(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="importer", codename__in=codenames)
    )
    return staff_login(Client(), user)


def test_pasted_text_is_received_and_its_page_shown_while_it_is_read(admin_client_):
    response = admin_client_.post(
        IMPORT_URL, {"text": APPEAL.read_text(), "language": "en"}, follow=True
    )

    document = ImportedDocument.objects.get()
    assert response.redirect_chain == [(page_of(document), 302)]
    assert document.format == ImportedDocument.Format.PASTED
    assert document.language == "en"
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "The document is being read." in html


def test_an_import_with_neither_file_nor_text_is_refused_and_nothing_kept(admin_client_):
    response = admin_client_.post(IMPORT_URL, {"text": "  ", "language": ""})

    assert response.status_code == 200
    assert "Upload a file or paste the text, one of the two." in response.content.decode()
    assert not ImportedDocument.objects.exists()


def test_a_file_the_importer_does_not_read_is_refused_beside_the_file_field(admin_client_):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client_.post(
        IMPORT_URL,
        {"document": SimpleUploadedFile("appeal.docm", b"PK\x03\x04macro"), "language": ""},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert not ImportedDocument.objects.exists()


def test_the_review_screen_shows_each_field_beside_its_marked_sentence(admin_client_, document):
    response = admin_client_.get(page_of(document))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<mark id="src-reference" data-key="reference">BLR 002 / 0321 / OBS 027</mark>', html
    )
    assert '<mark id="src-defenders.0.name" data-key="defenders.0.name">' in html
    assert 'href="#src-defenders.0.name"' in html
    assert 'name="decision-defenders.0.name" value="accept"' in html
    assert 'name="value-issue_date" value="2021-03-29"' in html
    assert "printed “March 29, 2021”" in html
    assert "What could not be read" in html
    assert 'src="/static/importer/review.js"' in html


def test_the_marks_hold_the_text_escaped_and_whole(admin_client_, document):
    from importer.admin import text_marked
    from importer.review import ReviewField

    field = ReviewField("k", "identity", None, "K", "b<c", "", 1, 4)

    assert text_marked("ab<c>d", [field]) == 'a<mark id="src-k" data-key="k">b&lt;c</mark>&gt;d'
    html = admin_client_.get(page_of(document)).content.decode()
    plain = re.sub(r"</?mark[^>]*>", "", html.split('class="import-source"')[1].split("</pre>")[0])
    assert plain.split(">", 1)[1] == document.text.replace("&", "&amp;").replace(
        "<", "&lt;"
    ).replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def test_the_original_is_downloaded_as_an_attachment_never_sniffed(admin_client_, document):
    url = reverse("admin:importer_importeddocument_original", args=[document.pk])

    response = admin_client_.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{APPEAL.name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == APPEAL.read_bytes()


def test_a_refused_document_shows_why(admin_client_, received):
    document = received(name="scan.pdf", data=b"%PDF-1.4 not really", received_by=None)

    html = admin_client_.get(page_of(document)).content.decode()

    assert document.status in (ImportedDocument.Status.REFUSED, ImportedDocument.Status.FAILED)
    assert document.problem
    assert document.problem.replace("'", "&#x27;").replace('"', "&quot;") in html


def test_an_invalid_correction_is_refused_beside_its_field_and_nothing_saved(
    admin_client_, document
):
    response = admin_client_.post(
        page_of(document),
        review_data(
            admin_client_,
            document,
            **{
                "decision-issue_date": "correct",
                "value-issue_date": "29 March 2021",
                "decision-reference": "drop",
            },
        ),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["value-issue_date"] == [
        "Enter a date in the form 2021-03-14, 2021-03, 2021, 2012-autumn, "
        "2019-11-03/2019-11-09 or 2015~."
    ]
    assert "Nothing was recorded." in response.content.decode()
    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.READ
    assert document.case is None


@pytest.mark.parametrize("persona", ["outsider", "staff_without_otp", "no_permission"])
def test_the_importer_is_refused_to_who_may_not_use_it(persona, document, outsider):
    client = Client()
    if persona == "outsider":
        client.force_login(outsider)
    elif persona == "staff_without_otp":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    else:
        client = staff_login(client, UserFactory(is_staff=True))

    for url in (
        page_of(document),
        IMPORT_URL,
        reverse("admin:importer_importeddocument_original", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/login/" in response["Location"] or "login" in response["Location"]


def test_who_may_only_view_sees_the_review_but_may_not_import_or_confirm(document):
    client = _with_permissions("view_importeddocument")

    assert client.get(page_of(document)).status_code == 200
    assert "Confirm and record" not in client.get(page_of(document)).content.decode()
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(page_of(document), {}).status_code == 403
    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.READ


def test_the_list_offers_to_import_an_appeal(admin_client_, document):
    html = admin_client_.get(reverse("admin:importer_importeddocument_changelist")).content.decode()

    assert "Import an appeal" in html
    assert APPEAL.name in html


def test_a_document_on_a_restricted_case_is_hidden_from_staff_not_assigned(document):
    from tests.factories import CaseFactory

    ImportedDocument.objects.filter(pk=document.pk).update(
        case=CaseFactory(is_restricted=True), status=ImportedDocument.Status.CONFIRMED
    )
    client = _with_permissions("view_importeddocument")

    assert client.get(page_of(document)).status_code == 404
    original = reverse("admin:importer_importeddocument_original", args=[document.pk])
    assert client.get(original).status_code == 404
    listing = client.get(reverse("admin:importer_importeddocument_changelist"))
    assert APPEAL.name not in listing.content.decode()


@pytest.mark.parametrize(
    ("role", "may_import"), [("viewer", False), ("editor", True), ("reviewer", True)]
)
def test_the_staff_roles_use_the_importer_as_they_use_cases(role, may_import, document, request):
    client = staff_login(Client(), request.getfixturevalue(role))

    assert client.get(page_of(document)).status_code == 200
    assert client.get(IMPORT_URL).status_code == (200 if may_import else 403)
    assert ("Confirm and record" in client.get(page_of(document)).content.decode()) is may_import
