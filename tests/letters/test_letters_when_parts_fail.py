"""Letters when a part fails (docs/operations.md, "When a part fails"): the budget fails
closed when its counters cannot be read (the cache is down), and a render the broker missed is
sent again by the sweep. End to end, with Redis killed under gunicorn: tests/faults."""

import datetime as dt
import socket
import uuid

import pytest
from django.utils import timezone

from appeals_site.cache import redis_cache
from letters.models import Letter
from letters.services import STALE_CLAIM, letters_unsent_enqueue
from tests.appeals_site.test_celery_worker import (  # noqa: F401  (fixtures)
    broker,
    queue_of_its_own,
    with_workers,
)
from tests.letters.test_letters import _appeal, _first_authority, _letters_url


@pytest.fixture
def appeal(db):
    return _appeal(authorities=1)


def _port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_new_letter_is_a_503_when_the_budget_cannot_be_counted(appeal, client, settings):
    settings.CACHES = {
        "default": redis_cache(
            f"redis://127.0.0.1:{_port_nobody_listens_on()}/0", timeout=0.5, circuit_seconds=60
        )
    }

    response = client.post(
        _letters_url(appeal),
        {"authority": str(_first_authority(appeal).pk), "language": "en", "name": "Maria"},
        content_type="application/json",
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    body = response.json()
    assert (body["status"], body["reason"]) == (503, "unavailable")
    assert body["detail"] == (
        "New letters cannot be made right now: part of the service is down. No new letter can "
        "be made now: use the standard letter (lines to sign by hand) or copy the text, or try "
        "again in 60 seconds."
    )
    assert "Maria" in body["text"]
    assert not Letter.objects.exists()


def _letter(appeal, **fields) -> Letter:
    return Letter.objects.create(
        appeal=appeal,
        language="en",
        render_key=uuid.uuid4().hex,
        template_version="test",
        html="<p>Dear Sir or Madam,</p>",
        **fields,
    )


@pytest.mark.services
def test_the_sweep_sends_again_the_renders_the_broker_missed(appeal, broker, with_workers):  # noqa: F811
    now = timezone.now()
    never_sent = _letter(appeal)
    lost_with_the_broker = _letter(appeal, enqueued_at=now - STALE_CLAIM - dt.timedelta(seconds=1))
    just_asked = _letter(appeal)
    waiting_in_the_queue = _letter(appeal, enqueued_at=now)
    ready = _letter(appeal, status=Letter.Status.READY)
    Letter.objects.exclude(pk=just_asked.pk).update(created_at=now - dt.timedelta(minutes=10))

    with queue_of_its_own(broker, "letters.tasks.letter_render", "sweep") as queue:
        sent = letters_unsent_enqueue(now=now)
        waiting = broker.default_channel.client.llen(queue)

    assert (sent, waiting) == (2, 2)
    sent_now = set(Letter.objects.filter(enqueued_at__gte=now).values_list("pk", flat=True))
    assert sent_now == {never_sent.pk, lost_with_the_broker.pk, waiting_in_the_queue.pk}
    assert Letter.objects.get(pk=just_asked.pk).enqueued_at is None
    assert Letter.objects.get(pk=ready.pk).enqueued_at is None
