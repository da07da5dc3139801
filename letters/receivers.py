"""Letters listen to the cases app (cases.signals) and to beat's start: each receiver only
calls a service."""

from django.conf import settings

from letters.retention import letter_retention_schedule_install
from letters.services import letter_sweep_schedule_install, standard_letters_request_after_commit


def case_published(*, case_id, **_kwargs) -> None:
    standard_letters_request_after_commit(case_id=case_id)


def appeal_issued(*, appeal_id, **_kwargs) -> None:
    standard_letters_request_after_commit(appeal_id=appeal_id)


def beat_starting(**_kwargs) -> None:
    """Beat is starting: make sure it deletes expired letters (letters.retention) and sends
    again the renders the broker missed (letters.services.letters_unsent_enqueue)."""
    letter_retention_schedule_install()
    letter_sweep_schedule_install(interval_seconds=settings.LETTER_SWEEP_INTERVAL_SECONDS)
