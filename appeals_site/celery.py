"""The Celery app. Configuration comes from Django's settings (the CELERY_ prefix); each
installed app's `tasks` module is found by autodiscovery. What an app does when beat starts is
its own (the reminders app installs its periodic tasks: reminders/apps.py)."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appeals_site.settings.base")

app = Celery("appeals_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def worker_priority_lower(**kwargs) -> None:
    """Give the worker the niceness of settings.WORKER_NICENESS before its pool processes are
    forked (they inherit it). Only ever lowered: a worker started under `nice` at more keeps
    its own, and an unprivileged process could not raise it back anyway."""
    from django.conf import settings

    current = os.getpriority(os.PRIO_PROCESS, 0)
    if current < settings.WORKER_NICENESS:
        os.nice(settings.WORKER_NICENESS - current)
