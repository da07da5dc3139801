"""Receiving and reading an imported document (importer.services): the original is kept once
per content, read once into a proposal, and a file that cannot be read is recorded with why,
never raised (issue 15)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from importer.models import ImportedDocument
from importer.reading.stored import proposal_from_json
from importer.services import (
    document_read,
    document_read_stopped,
    document_receive,
    reading_lost_after,
)

APPEAL = Path(__file__).parent.parent / "data" / "appeals" / "01_blr_urgent_appeal.txt"

pytestmark = pytest.mark.django_db


def test_a_received_file_is_kept_and_read_into_a_proposal(editor, received):
    data = APPEAL.read_bytes()

    document = received(name=APPEAL.name, data=data, received_by=editor)

    assert document.status == ImportedDocument.Status.READ
    assert document.received_by == editor
    assert document.format == ImportedDocument.Format.TXT
    with document.original.open("rb") as original:
        assert original.read() == data
    assert document.original.name.startswith(f"imported/{document.sha256[:2]}/{document.sha256}/")
    proposal = proposal_from_json(document.proposal)
    assert proposal.reference.value == "BLR 002 / 0321 / OBS 027"
    assert proposal.text == document.text


def test_the_same_content_again_is_the_same_document(editor, received):
    data = APPEAL.read_bytes()
    first = received(name="a.txt", data=data, received_by=editor)

    second = received(name="renamed.txt", data=data, received_by=None)

    assert second.pk == first.pk
    assert ImportedDocument.objects.count() == 1
    assert ImportedDocument.objects.get().name == "a.txt"


def test_pasted_text_is_kept_under_a_name_of_its_own(editor, received):
    document = received(name="ignored", data=APPEAL.read_bytes(), received_by=editor, pasted=True)

    assert (document.name, document.format) == ("pasted.txt", ImportedDocument.Format.PASTED)
    assert document.status == ImportedDocument.Status.READ


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "macro.docm", "data": b"PK\x03\x04"}, "document"),
        ({"name": "a.txt", "data": b"   \n"}, "document"),
        ({"name": "a.txt", "data": b"   ", "pasted": True}, "text"),
        ({"name": "a.txt", "data": b"text", "language": "de"}, "language"),
    ],
)
def test_what_cannot_be_kept_is_refused_naming_the_field_and_nothing_is_kept(kwargs, field):
    with pytest.raises(ValidationError) as refused:
        document_receive(**kwargs)

    assert field in refused.value.message_dict
    assert not ImportedDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_kept(settings):
    settings.IMPORTER_MAX_DOCUMENT_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        document_receive(name="big.txt", data=b"x" * 101)

    assert "at most 100 bytes" in refused.value.message_dict["document"][0]
    assert not ImportedDocument.objects.exists()


def test_a_hostile_file_is_recorded_as_refused_with_why(received):
    # A PDF that is not one: kept (its name is a format the importer reads), then refused.
    document = received(name="broken.pdf", data=b"%PDF-1.7 not really")

    assert document.status == ImportedDocument.Status.REFUSED
    assert "broken.pdf" in document.problem
    assert document.proposal is None


def test_a_document_is_read_once(editor):
    # With a broker and no worker here, the document waits until it is read.
    document = document_receive(name=APPEAL.name, data=APPEAL.read_bytes(), received_by=editor)
    assert ImportedDocument.objects.get().status == ImportedDocument.Status.RECEIVED

    document_read(document_id=document.pk)
    read_at = ImportedDocument.objects.get().read_at
    document_read(document_id=document.pk)

    document = ImportedDocument.objects.get()
    assert document.status == ImportedDocument.Status.READ
    assert document.read_at == read_at


def test_a_reading_stopped_by_its_time_limit_is_recorded_as_failed(editor):
    document = document_receive(name=APPEAL.name, data=APPEAL.read_bytes(), received_by=editor)
    ImportedDocument.objects.filter(pk=document.pk).update(status=ImportedDocument.Status.READING)

    document_read_stopped(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.FAILED
    assert "too long" in document.problem


def test_a_reading_under_way_elsewhere_is_not_taken_over(editor):
    # A second message for the same document (delivered twice, or re-sent when staff opened
    # it) while a worker reads it: nothing is read twice at once.
    document = document_receive(name=APPEAL.name, data=APPEAL.read_bytes(), received_by=editor)
    ImportedDocument.objects.filter(pk=document.pk).update(status=ImportedDocument.Status.READING)

    document_read(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.READING
    assert document.proposal is None


def test_a_reading_lost_with_its_worker_is_read_again(editor):
    document = document_receive(name=APPEAL.name, data=APPEAL.read_bytes(), received_by=editor)
    ImportedDocument.objects.filter(pk=document.pk).update(
        status=ImportedDocument.Status.READING,
        updated_at=timezone.now() - reading_lost_after() - dt.timedelta(seconds=1),
    )

    document_read(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.READ
    assert document.proposal is not None
