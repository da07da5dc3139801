from celery.signals import beat_init
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cases import signals as cases_signals


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # Imported once the models are loaded, as Django requires of receivers. The tasks too:
        # services call them by their registered name (reminders.services), which must be
        # known in every process, web and shell included, not only in a worker (whose
        # autodiscovery also finds them), so that they run in-process without a broker.
        from reminders import receivers, tasks  # noqa: F401

        cases_signals.case_records_changed.connect(
            receivers.case_records_changed, dispatch_uid="reminders.case_records_changed"
        )
        cases_signals.case_publicity_changed.connect(
            receivers.case_publicity_changed, dispatch_uid="reminders.case_publicity_changed"
        )
        cases_signals.hearing_changed.connect(
            receivers.hearing_changed, dispatch_uid="reminders.hearing_changed"
        )
        # Celery's signal, sent by beat (`celery beat`, or a worker with -B) as it starts.
        beat_init.connect(receivers.beat_starting, dispatch_uid="reminders.beat_starting")
