"""A letter rendered end to end: asked for through the API, rendered by a real Celery worker
(prefork, as in production, so the time limits apply) on the real broker, downloaded, read.

The worker listens on a queue and node name of its own (see tests/appeals_site/
test_celery_worker.py, whose helpers this reuses). It uses the test's own database rather than
a scratch one: it must read the appeal and the letter this test writes, and all it writes is
the letter's row, which the test's flush removes. Its media root is the test's temporary one.
"""

import io

import pytest
from pypdf import PdfReader

from appeals_site.celery import app
from letters.models import Letter
from tests.appeals_site.test_celery_worker import (  # noqa: F401  (broker is a fixture)
    _log,
    _wait_for,
    broker,
    queue_of_its_own,
    worker_on_queue,
)
from tests.letters.test_letters import _appeal, _first_authority

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]

# Bound on the wait for the render, in seconds.
RENDER_TIMEOUT = 90


@pytest.fixture
def own_queue(broker):  # noqa: F811
    """Route the letter task to a queue of this run's own; delete it afterwards."""
    with queue_of_its_own(broker, "letters.tasks.letter_render", "letters") as queue:
        yield queue


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_renders_a_campaigners_letter(tmp_path, client, broker, own_queue):  # noqa: F811
    assert not app.conf.task_always_eager
    appeal = _appeal()
    authority = _first_authority(appeal)
    log_path = tmp_path / "worker.log"

    with worker_on_queue(broker, own_queue, log_path) as worker:
        response = client.post(
            f"/api/v1/appeals/{appeal.pk}/letters/",
            {
                "authority": str(authority.pk),
                "language": "en",
                "name": "Jane Campaigner",
                "city": "Lyon",
                "country": "FR",
            },
            content_type="application/json",
        )
        assert response.status_code == 202, response.content
        status_url = response.json()["status_url"]

        def ready():
            body = client.get(status_url).json()
            assert body["status"] != "failed", _log(log_path)
            return body if body["status"] == "ready" else None

        body = _wait_for("the letter rendered", ready, worker, log_path, timeout=RENDER_TIMEOUT)

        pdf = client.get(body["pdf_url"])
        assert pdf.status_code == 200
        text = "\n".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
        )

    assert authority.person_name in text
    assert "Jane Campaigner" in text
    letter = Letter.objects.get(pk=body["id"])
    assert (letter.attempts, letter.is_standard) == (1, False)
    assert letter.render_ms is not None
    assert "letters.tasks.letter_render" in _log(log_path)
