"""The letters' tasks: the render (thin, idempotent, retried with backoff: letters.services),
the sweep that sends again the renders the broker missed, and the hourly deletion of expired
letters (letters.retention)."""

from celery import shared_task

from letters.retention import EXPIRE_TASK, letters_expired_delete
from letters.services import (
    RENDER_TASK,
    SWEEP_TASK,
    LetterRenderError,
    letter_render_now,
    letters_unsent_enqueue,
)


@shared_task(
    name=RENDER_TASK,
    acks_late=True,
    autoretry_for=(LetterRenderError,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    # A render that runs away is stopped: softly first (the service records the failure and
    # the task retries), then for good. The worker is also recycled by memory
    # (CELERY_WORKER_MAX_MEMORY_PER_CHILD): WeasyPrint has leaked across versions.
    soft_time_limit=60,
    time_limit=90,
)
def letter_render(letter_id: str) -> str:
    """Render the letter if nobody has; return its status."""
    return letter_render_now(letter_id=letter_id).status


@shared_task(name=EXPIRE_TASK)
def letters_expire() -> dict:
    """Delete the letters past their retention, with their files (beat, hourly)."""
    return letters_expired_delete()


@shared_task(name=SWEEP_TASK, ignore_result=True)
def letters_unsent_enqueue_task() -> int:
    """Send again the renders the broker missed (beat, every LETTER_SWEEP_INTERVAL_SECONDS)."""
    return letters_unsent_enqueue()
