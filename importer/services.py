"""Bringing an archived appeal in and reading it (issue 15).

`document_receive` keeps the original (a file or pasted text) and enqueues its reading;
`document_read` extracts the text and reads it into a proposal awaiting review. Both are
idempotent: the same bytes are the same document (by SHA-256), and a document is read once
(claimed by a conditional update). What staff confirm is recorded by importer.confirmation."""

import datetime as dt
import hashlib
import logging

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals_site.beat import periodic_task_install
from appeals_site.broker import task_send
from importer.extraction import (
    DocumentRefused,
    document_format,
    document_size_check,
    document_text,
)
from importer.models import ImportedDocument
from importer.reading import appeal_read
from importer.reading.stored import proposal_as_json

logger = logging.getLogger(__name__)

READ_TASK = "importer.tasks.document_read"
# The name a pasted text is kept under.
PASTED_NAME = "pasted.txt"
SWEEP_TASK = "importer.tasks.documents_unread_enqueue"
SWEEP_TASK_NAME = "Send readings the broker missed"
DEFAULT_SWEEP_INTERVAL_SECONDS = 120
# A document received this recently may still be on its way to the broker (after commit).
UNSENT_GRACE = dt.timedelta(seconds=5)
# A reading sent this long ago and never started was lost with the broker's queue (a Redis
# that came back empty), or waits behind a very long import: sent again, it is read once.
MESSAGE_LOST_AFTER = dt.timedelta(minutes=15)
# The reading task is stopped for good this long after its soft time limit (importer.tasks).
READ_STOP_MARGIN_SECONDS = 30
LANGUAGES = ("en", "fr", "es")


def document_receive(
    *,
    name: str,
    data: bytes,
    received_by=None,
    language: str = "",
    pasted: bool = False,
    enqueue: bool = True,
) -> ImportedDocument:
    """Keep the document whose bytes are `data` (a file named `name`, or pasted text) and
    enqueue its reading after commit; return it. The same bytes again return the document
    already kept, changed in nothing. Raise ValidationError naming the field ("document", or
    "text" for pasted text, or "language") for what cannot be kept. `enqueue=False`: the
    caller reads it itself (import_appeals)."""
    field = "text" if pasted else "document"
    if language and language not in LANGUAGES:
        raise ValidationError(
            {"language": _("Choose English, French or Spanish, or leave it blank.")}
        )
    if not data.strip():
        raise ValidationError({field: _("There is nothing to read.")})
    try:
        kind = ImportedDocument.Format.PASTED if pasted else document_format(name)
        document_size_check(name=name, data=data)
    except DocumentRefused as refused:
        raise ValidationError({field: refused.message}) from refused
    sha256 = document_sha256(data)
    existing = ImportedDocument.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    name = PASTED_NAME if pasted else name[:255]
    with transaction.atomic():
        document = ImportedDocument(
            name=name,
            format=kind,
            sha256=sha256,
            size=len(data),
            language=language,
            received_by=received_by,
        )
        document.original.save(name, ContentFile(data), save=False)
        document.save()
        if enqueue:
            transaction.on_commit(lambda: _enqueue_read(document.pk), robust=True)
    return document


def document_sha256(data: bytes) -> str:
    """Return what identifies a document: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def _enqueue_read(document_id) -> bool:
    """Send the document's reading to the workers and note when; return False, leaving it
    received, when the broker does not take it (it is down: the sweep sends it again)."""
    if not task_send(
        READ_TASK,
        document_id=str(document_id),
        then="the document stays received and is sent again when the broker is back.",
    ):
        return False
    ImportedDocument.objects.filter(pk=document_id).update(enqueued_at=timezone.now())
    return True


def documents_unread_enqueue(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Send again the readings whose message never reached the workers or was lost; return how
    many were sent (beat, every DOCUMENT_SWEEP_INTERVAL_SECONDS by default).

    A document is a row before it is a message: receiving it records it and then publishes its
    reading. A broker that was down leaves it received and never sent; one that restarted
    empty leaves it sent long ago and still received; a worker that died leaves it "reading"
    past any time limit. Sending one twice is harmless (the reading is claimed by a
    conditional UPDATE: see document_read). It stops at the first send the broker refuses."""
    if current_app.conf.task_always_eager:
        return 0  # without a broker, documents are read in the requests that receive them
    now = now or timezone.now()
    Status = ImportedDocument.Status
    lost = (
        ImportedDocument.objects.filter(
            Q(status=Status.RECEIVED, enqueued_at__isnull=True, created_at__lt=now - UNSENT_GRACE)
            | Q(status=Status.RECEIVED, enqueued_at__lt=now - MESSAGE_LOST_AFTER)
            | Q(status=Status.READING, updated_at__lt=now - reading_lost_after())
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for document_id in lost:
        if not _enqueue_read(document_id):
            break
        sent += 1
    return sent


def document_sweep_schedule_install() -> None:
    """Make sure beat runs the sweep (documents_unread_enqueue); the interval edited in the
    admin (Periodic tasks) stays."""
    periodic_task_install(
        name=SWEEP_TASK_NAME, task=SWEEP_TASK, default_seconds=DEFAULT_SWEEP_INTERVAL_SECONDS
    )


def reading_lost_after() -> dt.timedelta:
    """Return how long a reading lasts at most: the task's hard time limit, with a margin for
    the worker's clock and its start. A document "reading" for longer was lost."""
    return dt.timedelta(
        seconds=settings.IMPORTER_READ_TIME_LIMIT_SECONDS + READ_STOP_MARGIN_SECONDS + 30
    )


def document_read_again(*, document: ImportedDocument) -> None:
    """Enqueue the reading of a document still waiting (received), or whose reading was lost
    (left "reading" by a worker that died)."""
    if document.status in (ImportedDocument.Status.RECEIVED, ImportedDocument.Status.READING):
        transaction.on_commit(lambda: _enqueue_read(document.pk), robust=True)


def document_read(*, document_id) -> ImportedDocument:
    """Read the document into a proposal, once: claim it (received, or reading for longer than
    a reading can take), extract its text, read it. A refused file is recorded as refused, with
    why; any other failure as failed; neither is raised."""
    now = timezone.now()
    # A reading younger than the task's hard time limit may still be under way in another
    # worker (a message delivered twice, or re-sent when staff opened the document): only one
    # whose worker must have died by now is taken over.
    claimed = (
        ImportedDocument.objects.filter(pk=document_id)
        .filter(
            Q(status=ImportedDocument.Status.RECEIVED)
            | Q(status=ImportedDocument.Status.READING, updated_at__lt=now - reading_lost_after())
        )
        .update(status=ImportedDocument.Status.READING, updated_at=now)
    )
    document = ImportedDocument.objects.get(pk=document_id)
    if not claimed:
        return document
    try:
        with document.original.open("rb") as original:
            data = original.read()
        if document.format == ImportedDocument.Format.PASTED:
            text = data.decode("utf-8")
        else:
            text = document_text(name=document.name, data=data)
        proposal = appeal_read(text=text, language=document.language or None)
    except DocumentRefused as refused:
        _document_finish(document, ImportedDocument.Status.REFUSED, problem=refused.message)
        return document
    except SoftTimeLimitExceeded:
        raise  # the task records it (document_read_stopped)
    except Exception as error:
        logger.exception("Imported document %s could not be read.", document.pk)
        _document_finish(
            document,
            ImportedDocument.Status.FAILED,
            problem=_("The document could not be read (%(error)s).")
            % {"error": type(error).__name__},
        )
        return document
    document.text = text
    document.proposal = proposal_as_json(proposal)
    _document_finish(document, ImportedDocument.Status.READ)
    return document


def document_read_stopped(*, document_id) -> None:
    """Record a reading stopped by its time limit as failed, if it is still reading."""
    ImportedDocument.objects.filter(pk=document_id, status=ImportedDocument.Status.READING).update(
        status=ImportedDocument.Status.FAILED,
        problem=_("Reading the document took too long; it was stopped."),
        read_at=timezone.now(),
        updated_at=timezone.now(),
    )


def _document_finish(document: ImportedDocument, status: str, *, problem: str = "") -> None:
    document.status = status
    document.problem = problem
    document.read_at = timezone.now()
    document.save(update_fields=["status", "problem", "text", "proposal", "read_at", "updated_at"])
