"""Hostile files end to end (issue 15, "Hostile files"): received and read through the
services, each is refused with a problem naming the file, nothing is raised, nothing is fetched;
and a reading that outlasts its time limit under a real Celery worker ends "failed" while the
worker lives on and reads the next document."""

import io
import socket

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter

from appeals_site.celery import app
from importer.models import ImportedDocument
from importer.services import document_read, document_receive
from tests.appeals_site.test_celery_worker import (  # noqa: F401  (broker is a fixture)
    _log,
    _wait_for,
    broker,
    queue_of_its_own,
    worker_on_queue,
)
from tests.importer.test_documents import APPEAL
from tests.importer.test_extraction import _docx_with, _pdf


@pytest.fixture
def listener():
    """A local port that an external entity names; it must never be connected to."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        yield server
        with pytest.raises(BlockingIOError):
            server.accept()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf("<p>Urgent Appeal</p>"))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _hostile(name: str, port: int) -> bytes:
    url = f"http://127.0.0.1:{port}/entity"
    if name == "xxe.docx":
        return _docx_with(
            "word/document.xml",
            f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "{url}">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>".encode(),
        )
    if name == "xxe.html":
        return (
            f'<!DOCTYPE html [<!ENTITY x SYSTEM "{url}">]><html><body><p>&x;</p>'
            f'<img src="{url}"></body></html>'
        ).encode()
    if name == "bomb.docx":
        return _docx_with("word/padding.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    if name == "encrypted.pdf":
        return _encrypted_pdf()
    if name == "malformed.pdf":
        return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF"
    assert name == "scan.pdf"
    return _pdf('<div style="width: 10cm; height: 5cm; background: black"></div>')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bomb.docx", "bomb.docx unpacks to more than"),
        ("xxe.docx", "xxe.docx"),
        ("xxe.html", "xxe.html declares XML entities"),
        ("encrypted.pdf", "encrypted.pdf is an encrypted PDF"),
        ("malformed.pdf", "malformed.pdf is not a readable PDF."),
        ("scan.pdf", "scan.pdf has no text layer"),
    ],
)
def test_a_hostile_file_is_refused_naming_it_and_fetches_nothing(name, problem, listener):
    document = document_receive(name=name, data=_hostile(name, listener.getsockname()[1]))

    document = document_read(document_id=document.pk)

    document.refresh_from_db()
    assert document.status == ImportedDocument.Status.REFUSED
    assert document.problem.startswith(problem)
    assert (document.text, document.proposal) == ("", None)


@pytest.mark.django_db
def test_a_file_too_large_is_refused_naming_it_and_not_kept(settings):
    settings.IMPORTER_MAX_DOCUMENT_BYTES = 1000

    with pytest.raises(ValidationError) as refused:
        document_receive(name="huge.txt", data=b"appeal " * 1000)

    assert refused.value.message_dict["document"][0].startswith("huge.txt is 7000 bytes")
    assert not ImportedDocument.objects.exists()


@pytest.fixture
def own_queue(broker):  # noqa: F811
    """Route the reading task to a queue of this run's own; delete it afterwards."""
    with queue_of_its_own(broker, "importer.tasks.document_read", "importer") as queue:
        yield queue


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.timeout(180)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reading_past_its_time_limit_fails_and_the_worker_reads_the_next(
    tmp_path,
    broker,  # noqa: F811
    own_queue,
    monkeypatch,
):
    assert not app.conf.task_always_eager
    # The sender puts its task's limits in the message, and the worker obeys those: both sides
    # have the limit the setting gives (1 s) in this test, as they share settings in production.
    task = app.tasks["importer.tasks.document_read"]
    monkeypatch.setattr(task, "soft_time_limit", 1)
    monkeypatch.setattr(task, "time_limit", 31)
    # Celery caches a task's sending options at its first send (Task._get_exec_options): an
    # earlier test in this process may have sent it with the default limits.
    monkeypatch.setattr(task, "_exec_options", None)
    log_path = tmp_path / "worker.log"
    # Several megabytes of appeal text: a reading of several seconds, past the limit.
    text = APPEAL.read_text(encoding="utf-8")
    slow_data = (text * 1500).encode()
    assert len(slow_data) < settings.IMPORTER_MAX_DOCUMENT_BYTES

    with worker_on_queue(
        broker, own_queue, log_path, IMPORTER_READ_TIME_LIMIT_SECONDS="1"
    ) as worker:
        # Outside a transaction, each is enqueued as it is received.
        slow = document_receive(name="slow.txt", data=slow_data)
        next_one = document_receive(name=APPEAL.name, data=text.encode())

        def status(document) -> str | None:
            document.refresh_from_db()
            waiting = (ImportedDocument.Status.RECEIVED, ImportedDocument.Status.READING)
            return None if document.status in waiting else document.status

        assert _wait_for("the slow reading stopped", lambda: status(slow), worker, log_path) == (
            ImportedDocument.Status.FAILED
        ), _log(log_path)
        assert _wait_for("the next reading", lambda: status(next_one), worker, log_path) == (
            ImportedDocument.Status.READ
        ), _log(log_path)
        assert worker.poll() is None

    assert "too long" in slow.problem
    assert next_one.proposal is not None
