"""The importer's tasks: reading an imported document, and the sweep that sends again the
readings the broker missed (thin, idempotent: importer.services)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from importer import services
from importer.services import READ_STOP_MARGIN_SECONDS, READ_TASK, SWEEP_TASK


@shared_task(
    name=READ_TASK,
    acks_late=True,
    # A hostile or malformed file that keeps the parser busy is stopped: softly first (the
    # document is recorded as failed, with why), then for good.
    soft_time_limit=settings.IMPORTER_READ_TIME_LIMIT_SECONDS,
    time_limit=settings.IMPORTER_READ_TIME_LIMIT_SECONDS + READ_STOP_MARGIN_SECONDS,
)
def document_read(document_id: str) -> str:
    """Read the document if nobody has; return its status."""
    try:
        return services.document_read(document_id=document_id).status
    except SoftTimeLimitExceeded:
        services.document_read_stopped(document_id=document_id)
        return "failed"


@shared_task(name=SWEEP_TASK, ignore_result=True)
def documents_unread_enqueue() -> int:
    """Send again the readings the broker missed (beat)."""
    return services.documents_unread_enqueue()
