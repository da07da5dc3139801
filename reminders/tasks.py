"""Reminder tasks: thin and idempotent (reminders.services), found by Celery's autodiscovery.

Beat runs `reminders_scan` and `digests_scan` (django-celery-beat, every
REMINDER_SCAN_INTERVAL_SECONDS). Nothing is scheduled days ahead on the broker: Redis
redelivers ETA tasks after its visibility timeout, and they could not follow a hearing that
moves. A due reminder is a row; the scan hands it to `reminder_send` when its time comes.
"""

from functools import partial

from celery import shared_task
from django.db import OperationalError, transaction

from reminders import services

# The sending tasks retry on their own only for a lost database connection; a failed send is
# recorded on the row and retried by the scan with backoff, so that a retry survives a
# worker's death.
_DB_RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 120,
    "max_retries": 5,
}


@shared_task(name=services.SCAN_TASK, acks_late=True, ignore_result=True)
def reminders_scan() -> int:
    """Claim the due reminders and hand each to a sending task; return how many."""
    with transaction.atomic():
        claimed = services.reminders_claim_due()
        for reminder_id, attempt in claimed:
            transaction.on_commit(
                partial(reminder_send.delay, reminder_id=reminder_id, attempt=attempt)
            )
    return len(claimed)


@shared_task(name=services.DIGESTS_SCAN_TASK, acks_late=True, ignore_result=True)
def digests_scan() -> int:
    """Start the daily digests that are due and hand each to a sending task."""
    with transaction.atomic():
        claimed = services.digests_claim_due()
        for digest_id, attempt in claimed:
            transaction.on_commit(partial(digest_send.delay, digest_id=digest_id, attempt=attempt))
    return len(claimed)


# A send waits at most the webhook timeout (or the SMTP timeout): the hard limit is above
# both, so a hung receiver costs one worker slot for a bounded time.
@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, **_DB_RETRY)
def reminder_send(reminder_id: int, attempt: int) -> str:
    """Send one reminder if it is still this attempt's; return what happened."""
    return services.reminder_send(reminder_id=reminder_id, attempt=attempt)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, **_DB_RETRY)
def digest_send(digest_id: int, attempt: int) -> str:
    """Send one daily digest if it is still this attempt's; return what happened."""
    return services.digest_send(digest_id=digest_id, attempt=attempt)


@shared_task(name=services.REPLAN_TASK, acks_late=True, ignore_result=True, **_DB_RETRY)
def reminders_replan(case_ids: list[str] | None = None) -> int:
    """Plan the reminders of these cases (all cases with something ahead if None)."""
    if case_ids is None:
        return services.reminders_replan_all()
    services.reminders_plan(case_ids=case_ids)
    return len(case_ids)
