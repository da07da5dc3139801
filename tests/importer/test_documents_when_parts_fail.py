"""Imported documents when the broker fails (docs/operations.md, "When a part fails"): a
reading the broker did not take, or lost, is sent again by the sweep, and read once."""

import datetime as dt
import socket
from contextlib import contextmanager

import pytest
from django.utils import timezone

from appeals_site.celery import app
from importer.models import ImportedDocument
from importer.services import (
    MESSAGE_LOST_AFTER,
    document_receive,
    documents_unread_enqueue,
    reading_lost_after,
)
from tests.appeals_site.test_celery_worker import (  # noqa: F401  (fixtures)
    broker,
    queue_of_its_own,
    with_workers,
)
from tests.importer.test_documents import APPEAL

pytestmark = pytest.mark.django_db


def _document(number: int, **fields) -> ImportedDocument:
    document = document_receive(
        name=f"{number}.txt", data=APPEAL.read_bytes() + b"\n" * number, enqueue=False
    )
    ImportedDocument.objects.filter(pk=document.pk).update(**fields)
    return document


@contextmanager
def broker_down():
    """Publish to a broker nobody answers for (a port nobody listens on): Celery's connection
    pools are made once, with the broker of that moment, so this run gets pools of its own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = app.conf.broker_write_url, app._pool, app.amqp._producer_pool
    app.conf.broker_write_url = f"redis://127.0.0.1:{port}/0"
    app._pool = app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_write_url, app._pool, app.amqp._producer_pool = saved


def test_a_reading_the_broker_refused_stays_received_and_unsent(
    editor,
    with_workers,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        document = document_receive(name=APPEAL.name, data=APPEAL.read_bytes(), received_by=editor)

    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.RECEIVED
    assert document.enqueued_at is None


@pytest.mark.services
def test_the_sweep_sends_again_the_readings_the_broker_missed(broker, with_workers):  # noqa: F811
    now = timezone.now()
    long_ago = now - dt.timedelta(hours=1)
    never_sent = _document(1, created_at=long_ago)
    lost_with_the_broker = _document(
        2, created_at=long_ago, enqueued_at=now - MESSAGE_LOST_AFTER - dt.timedelta(seconds=1)
    )
    lost_with_its_worker = _document(
        3,
        created_at=long_ago,
        enqueued_at=long_ago,
        status=ImportedDocument.Status.READING,
        updated_at=now - reading_lost_after() - dt.timedelta(seconds=1),
    )
    just_received = _document(4)
    waiting_in_the_queue = _document(5, created_at=long_ago, enqueued_at=now)
    being_read = _document(
        6, created_at=long_ago, enqueued_at=now, status=ImportedDocument.Status.READING
    )
    read = _document(7, created_at=long_ago, status=ImportedDocument.Status.READ)

    with queue_of_its_own(broker, "importer.tasks.document_read", "sweep") as queue:
        sent = documents_unread_enqueue(now=now)
        waiting = broker.default_channel.client.llen(queue)

    assert (sent, waiting) == (3, 3)
    sent_now = set(
        ImportedDocument.objects.filter(enqueued_at__gte=now).values_list("pk", flat=True)
    )
    assert sent_now == {
        never_sent.pk,
        lost_with_the_broker.pk,
        lost_with_its_worker.pk,
        waiting_in_the_queue.pk,
        being_read.pk,
    }
    for untouched in (just_received, read):
        assert ImportedDocument.objects.get(pk=untouched.pk).enqueued_at is None
