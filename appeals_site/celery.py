"""The Celery app. Configuration comes from Django's settings (the CELERY_ prefix)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appeals_site.settings.base")

app = Celery("appeals_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
