from celery.signals import beat_init
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cases.signals import appeal_issued_on_public_case, case_published


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        # Imported once the models are loaded, as Django requires of receivers. The tasks too:
        # services enqueue them by their registered name (letters.services), which must be
        # known in every process, not only in a worker (whose autodiscovery finds them), so
        # that they run in-process without a broker.
        from letters import receivers, tasks  # noqa: F401

        case_published.connect(receivers.case_published, dispatch_uid="letters.case_published")
        appeal_issued_on_public_case.connect(
            receivers.appeal_issued, dispatch_uid="letters.appeal_issued"
        )
        # Celery's signal, sent by beat (`celery beat`, or a worker with -B) as it starts.
        beat_init.connect(receivers.beat_starting, dispatch_uid="letters.beat_starting")
