"""The reminders app listens to the cases app (cases.signals) and to beat's start: each
receiver only calls a service of reminders.services, in the sender's transaction."""

from django.conf import settings

from reminders import services


def case_records_changed(
    *, case_id, acting_user=None, changes=(), replan: bool = True, **_kwargs
) -> None:
    services.case_records_changed(
        case_id=case_id, acting_user=acting_user, changes=changes, replan=replan
    )


def case_publicity_changed(*, case_id, **_kwargs) -> None:
    # Partners are reminded of public cases only.
    services.reminders_plan(case_ids=[case_id])


def hearing_changed(*, hearing, previous_starts_at, **_kwargs) -> None:
    services.hearing_notices_create(hearing=hearing, previous_starts_at=previous_starts_at)


def beat_starting(**_kwargs) -> None:
    """Beat is starting: make sure it runs the scan and the digest check (django-celery-beat's
    tables; the interval is editable in the admin, or set by REMINDER_SCAN_INTERVAL_SECONDS)."""
    services.reminder_schedule_install(interval_seconds=settings.REMINDER_SCAN_INTERVAL_SECONDS)
