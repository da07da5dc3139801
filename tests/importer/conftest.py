"""Fixtures of the importer's tests."""

import pytest
from celery import current_app

from importer.models import ImportedDocument
from importer.services import document_receive


@pytest.fixture
def received(django_capture_on_commit_callbacks):
    """Return a function that receives a document and reads it in-process after the (test's)
    commit, as the embedded default does, and returns it as stored."""

    def receive(**kwargs) -> ImportedDocument:
        previous, current_app.conf.task_always_eager = current_app.conf.task_always_eager, True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                document = document_receive(**kwargs)
        finally:
            current_app.conf.task_always_eager = previous
        document.refresh_from_db()
        return document

    return receive
