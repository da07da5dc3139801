"""A change reason for every history row written inside a block: `with history_noted(note):`.

django-simple-history takes a reason per instance (`_change_reason`); a write through the
services saves many records, so the reason of a whole write (an imported document's
confirmation: "Imported from …") is given once for the block. Rows written one by one get it
through the `pre_create_historical_record` signal; rows written in bulk
(appeals_site.edits.history_after_links) ask `history_note()`."""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

_note: ContextVar[str | None] = ContextVar("history_note", default=None)


def history_note() -> str | None:
    """Return the change reason of the block being run, if any."""
    return _note.get()


@contextlib.contextmanager
def history_noted(note: str) -> Iterator[None]:
    token = _note.set(note)
    try:
        yield
    finally:
        _note.reset(token)


@receiver(pre_create_historical_record)
def _history_note_set(sender, history_instance, **kwargs) -> None:
    note = _note.get()
    if note is not None and not getattr(history_instance, "history_change_reason", None):
        history_instance.history_change_reason = note
