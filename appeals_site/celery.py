"""The Celery app. Configuration comes from Django's settings (the CELERY_ prefix)."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appeals_site.settings.base")

app = Celery("appeals_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _install_periodic_tasks(sender=None, **kwargs) -> None:
    """Beat starting: make sure the reminder scan is scheduled (django-celery-beat's tables;
    its interval is editable in the admin, or set by REMINDER_SCAN_INTERVAL_SECONDS)."""
    from django.conf import settings

    from cases.reminders.services import reminder_schedule_install

    reminder_schedule_install(interval_seconds=settings.REMINDER_SCAN_INTERVAL_SECONDS)
