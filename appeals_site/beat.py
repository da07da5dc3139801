"""Beat's periodic tasks, kept in django-celery-beat's tables: installed by each app as beat
starts (the apps' beat_init receivers), editable in the admin (Periodic tasks)."""

from django_celery_beat.models import IntervalSchedule, PeriodicTask


def periodic_task_install(
    *, name: str, task: str, default_seconds: int, interval_seconds: int | None = None
) -> None:
    """Make sure beat runs `task` under `name`: create it if missing, every `interval_seconds`
    or else `default_seconds`; when `interval_seconds` is given (an environment variable read
    at each start of beat), set it on the existing task too. Otherwise the interval edited in
    the admin stays."""
    schedule_row, _ = IntervalSchedule.objects.get_or_create(
        every=interval_seconds or default_seconds, period=IntervalSchedule.SECONDS
    )
    periodic, created = PeriodicTask.objects.get_or_create(
        name=name, defaults={"task": task, "interval": schedule_row}
    )
    if not created and interval_seconds and periodic.interval_id != schedule_row.pk:
        periodic.interval = schedule_row
        periodic.crontab = None
        periodic.save()
