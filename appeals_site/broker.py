"""Sending work to the Celery workers when the broker may be down.

A publish gives up after CELERY_BROKER_TIMEOUT_SECONDS (settings): nothing waits on a broker
that is down. Each caller has recorded the work as a row first (a pending letter, a received
document …), so that a send the broker refused is sent again later, or done in-process."""

import logging
import reprlib

from celery import current_app
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)


def task_send(task_name: str, *, then: str, **kwargs) -> bool:
    """Send the task registered as `task_name` with `kwargs`; return whether the broker took
    it. When it did not, log why, and `then`: what becomes of the work meanwhile."""
    # By its registered name: the apps import their tasks in every process (their ready()),
    # so that they also run in-process without a broker.
    try:
        current_app.tasks[task_name].delay(**kwargs)
    except (KombuOperationalError, OSError) as exc:
        logger.warning(
            "The broker did not take %s %s (%s): %s",
            task_name,
            reprlib.repr(kwargs),  # a replanning may name thousands of cases
            type(exc).__name__,
            then,
        )
        return False
    return True
