"""The embedded default's render pool: without a broker, letters render in the web process,
but never more than LETTER_RENDER_CONCURRENCY at once per process, whatever the number of
request threads.

A request first looks for a free slot (letters.budget: none free is "over budget", and nothing
is recorded); its render, run after commit, then holds a slot for as long as it renders. Two
requests may both see the last slot free: the second then waits for it (at most
SLOT_WAIT_SECONDS), so the bound on renders at once always holds.
"""

import contextlib
import threading
from collections.abc import Iterator

from django.conf import settings

# How long a render admitted by a race waits for a slot before giving up (the letter stays
# pending, and asking for it again later renders it).
SLOT_WAIT_SECONDS = 60


class RenderSlots:
    """At most `size` holders at once; `free()` is the number of slots nobody holds."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._held = 0
        self._changed = threading.Condition()

    def free(self) -> int:
        with self._changed:
            return self.size - self._held

    @contextlib.contextmanager
    def hold(self, *, timeout: float = SLOT_WAIT_SECONDS) -> Iterator[bool]:
        """Hold a slot for the block, waiting up to `timeout` seconds; yield whether one was
        had (the caller must not render without one)."""
        with self._changed:
            had = self._changed.wait_for(lambda: self._held < self.size, timeout=timeout)
            if had:
                self._held += 1
        try:
            yield had
        finally:
            if had:
                with self._changed:
                    self._held -= 1
                    self._changed.notify()


_pools: dict[int, RenderSlots] = {}
_pools_lock = threading.Lock()


def render_slots() -> RenderSlots:
    """Return this process's pool, of settings.LETTER_RENDER_CONCURRENCY slots."""
    size = settings.LETTER_RENDER_CONCURRENCY
    with _pools_lock:
        if size not in _pools:
            _pools[size] = RenderSlots(size)
        return _pools[size]
