"""How long letters are kept, and what they weigh.

A personalised letter is kept LETTER_RETENTION_DAYS after it was asked for, then deleted with
its PDF by a periodic task (beat, hourly: installed when beat starts, as the reminders' are).
A standard letter lives as long as its appeal version: it is deleted only once a newer
standard letter of the same appeal, authority and language is made, and then after the same
delay (a campaigner may still hold its link). So storage is bounded: personalised letters by
the budget for renders times the retention, standard ones by the appeals.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, Func, OuterRef, Q, Sum
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from letters.models import Letter

logger = logging.getLogger(__name__)

EXPIRE_TASK = "letters.tasks.letters_expire"
EXPIRE_TASK_NAME = "Delete expired letters"
EXPIRE_INTERVAL_SECONDS = 3600
# Letters deleted per statement: each batch's files, then its rows.
BATCH = 500


def _expired(*, cutoff: dt.datetime):
    """Return the letters past their retention at `cutoff` (created before it)."""
    newer_standard = Letter.objects.filter(
        appeal=OuterRef("appeal"),
        language=OuterRef("language"),
        is_standard=True,
        status=Letter.Status.READY,
        created_at__gt=OuterRef("created_at"),
    )
    # Authority null is the letter to all of them: a letter of its own kind (NULL = NULL is
    # not true in SQL, so the two are matched apart).
    superseded = Q(
        Q(authority__isnull=False) & Exists(newer_standard.filter(authority=OuterRef("authority")))
    ) | Q(Q(authority__isnull=True) & Exists(newer_standard.filter(authority__isnull=True)))
    return Letter.objects.filter(created_at__lt=cutoff).filter(
        Q(is_standard=False) | Q(Q(is_standard=True) & superseded)
    )


def letters_expired_delete(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete the letters past their retention, with their PDFs; return how many of each
    kind. Safe to run twice at once: a row already gone is skipped, a file already gone too."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.LETTER_RETENTION_DAYS)
    deleted = {"personalised": 0, "standard": 0, "files": 0}
    while True:
        batch = list(_expired(cutoff=cutoff).values_list("pk", "pdf", "is_standard")[:BATCH])
        if not batch:
            return deleted
        storage = Letter._meta.get_field("pdf").storage
        # Rows first, then files (outside the transaction): a file whose row is gone is never
        # served, while a row whose file is gone would be served as a broken download.
        with transaction.atomic():
            gone = set(
                Letter.objects.filter(pk__in=[pk for pk, _, _ in batch])
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)
            )
            Letter.objects.filter(pk__in=gone).delete()
        # A letter asked for again since has the same key, so the same file name: its new row
        # keeps the file (one query for the batch).
        names = {name for pk, name, _ in batch if pk in gone and name}
        still_used = set(Letter.objects.filter(pdf__in=names).values_list("pdf", flat=True))
        for pk, name, is_standard in batch:
            if pk not in gone:
                continue
            deleted["standard" if is_standard else "personalised"] += 1
            if name and name not in still_used and storage.exists(name):
                storage.delete(name)
                deleted["files"] += 1
        if not gone:
            return deleted  # all locked by another run: it deletes them


def letter_retention_schedule_install() -> None:
    """Make sure beat deletes expired letters every hour (django-celery-beat's tables; the
    interval stays editable in the admin)."""
    schedule_row, _ = IntervalSchedule.objects.get_or_create(
        every=EXPIRE_INTERVAL_SECONDS, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.get_or_create(
        name=EXPIRE_TASK_NAME, defaults={"task": EXPIRE_TASK, "interval": schedule_row}
    )


def letter_storage_figures() -> list[dict]:
    """Return the letters' count and bytes (PDF files and stored HTML) by kind and status,
    one row each, ordered standard first."""
    rows = (
        Letter.objects.values("is_standard", "status")
        .annotate(
            letters=Count("pk"),
            html_bytes=Sum(Func(F("html"), function="octet_length")),
        )
        .order_by("-is_standard", "status")
    )
    storage = Letter._meta.get_field("pdf").storage
    pdf_bytes: dict[tuple[bool, str], int] = {}
    for is_standard, status, name in Letter.objects.exclude(pdf="").values_list(
        "is_standard", "status", "pdf"
    ):
        if storage.exists(name):
            key = (is_standard, status)
            pdf_bytes[key] = pdf_bytes.get(key, 0) + storage.size(name)
    return [
        {
            "kind": "standard" if row["is_standard"] else "personalised",
            "status": row["status"],
            "letters": row["letters"],
            "pdf_bytes": pdf_bytes.get((row["is_standard"], row["status"]), 0),
            "html_bytes": row["html_bytes"] or 0,
        }
        for row in rows
    ]
