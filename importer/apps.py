from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    name = "importer"
    verbose_name = _("Import of archived appeals")

    def ready(self) -> None:
        # The task is enqueued by its registered name (importer.services), which must be known
        # in every process, so that it also runs in-process without a broker.
        from importer import tasks  # noqa: F401
