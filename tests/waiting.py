"""Waiting for something a process, a thread or the browser does, against a deadline.

A fixed sleep is either too short on a busy machine (the test fails for nothing: the suite
runs in parallel on few cores) or too long everywhere else (every run pays for it). Polling
returns as soon as the thing is there, and fails with a message that says what never came.
"""

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float,
    interval: float = 0.1,
    message: str | Callable[[], str],
) -> T:
    """Return the first truthy result of `predicate()`, asked every `interval` seconds; fail
    the test after `timeout` seconds with `message` (a callable is asked only then, so that it
    can read a log) and what `predicate()` last returned.

    `predicate` may fail the test itself (pytest.fail), for example when a process it waits on
    has died: there is no point waiting for the deadline then."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            text = message() if callable(message) else message
            pytest.fail(f"After {timeout:g} s (last seen: {result!r}): {text}", pytrace=False)
        time.sleep(interval)
