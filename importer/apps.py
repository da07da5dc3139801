from celery.signals import beat_init
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = _("Import of archived appeals")

    def ready(self) -> None:
        # The tasks are enqueued by their registered names (importer.services), which must be
        # known in every process, so that they also run in-process without a broker.
        from importer import receivers, tasks  # noqa: F401

        # Celery's signal, sent by beat (`celery beat`, or a worker with -B) as it starts.
        beat_init.connect(receivers.beat_starting, dispatch_uid="importer.beat_starting")
