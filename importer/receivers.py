"""The importer listens to beat's start: the receiver only calls a service."""

from importer.services import document_sweep_schedule_install


def beat_starting(**_kwargs) -> None:
    """Beat is starting: make sure it sends again the readings the broker missed
    (importer.services.documents_unread_enqueue)."""
    document_sweep_schedule_install()
