"""The Celery app. Configuration comes from Django's settings (the CELERY_ prefix); each
installed app's `tasks` module is found by autodiscovery. What an app does when beat starts is
its own (the reminders app installs its periodic tasks: reminders/apps.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appeals_site.settings.base")

app = Celery("appeals_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
