"""The budget for renders: campaigners always get a letter; an attacker gets neither the CPU
nor the disk.

A letter already made is served to anyone, with no limit (letters.services asks the budget
only before a render). A new letter is rendered only when all of these hold:

- the render queue has room: fewer than LETTER_QUEUE_MAX renders waiting or under way (with
  workers), or a free slot in this process's render pool (without a broker, letters.pool);
- the client has asked for fewer than LETTER_THROTTLE new letters in the current window;
- for a personalised letter, fewer than LETTER_APPEAL_HOURLY_LIMIT new personalised letters of
  the appeal this hour, whoever asked.

Otherwise LetterOverBudget is raised, nothing is recorded and nothing is rendered; the API
and the public site then offer the standard letter and the letter's text, which cost nothing.

The budget fails closed: when the cache that holds its counters does not answer (Redis down:
the cache then ignores its errors, appeals_site.cache), no new letter is rendered, the reason
is UNAVAILABLE and the answer a 503 (every other page keeps working without the cache).

The counters live in Django's cache (shared with CACHE_URL, as throttling is), as sliding
windows estimated from fixed ones, taken with an atomic increment and given back when refused
or when another bound refuses: concurrent requests never take more than the limit.
"""

import contextlib
import datetime as dt
import hashlib
import math
import time

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _

from appeals_site.throttling import throttle_rate, window_count
from letters.models import Letter
from letters.pool import render_slots

CLIENT = "client"
APPEAL = "appeal"
QUEUE = "queue"
UNAVAILABLE = "unavailable"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# When the queue is full: try again after this many seconds (renders take about a tenth of a
# second each, so a full queue drains within it).
QUEUE_RETRY_SECONDS = 30
# When the counters cannot be read (the cache is down): try again after this many seconds.
UNAVAILABLE_RETRY_SECONDS = 60


class LetterOverBudget(Exception):
    """No render now: `reason` is CLIENT, APPEAL, QUEUE or UNAVAILABLE; try again after
    `retry_after` seconds. Carries what costs nothing instead: the asked letter's `text`, and
    the standard letter of the same appeal, authority and language if it is made
    (`standard`)."""

    def __init__(self, *, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = max(1, int(retry_after))
        self.text = ""
        self.standard: Letter | None = None

    @property
    def status_code(self) -> int:
        """Return the HTTP status of the answer: 503 when the budget cannot be counted (the
        service is down, not the client too eager), else 429."""
        return 503 if self.reason == UNAVAILABLE else 429

    @property
    def message(self) -> str:
        if self.reason == UNAVAILABLE:
            return _("New letters cannot be made right now: part of the service is down.")
        if self.reason == CLIENT:
            return _("You have asked for many new letters in a short time.")
        if self.reason == APPEAL:
            return _("Many personalised letters of this appeal were made in the last hour.")
        return _("Many letters are being made right now.")


def _rate(setting: str | None) -> tuple[int, int] | None:
    rate = throttle_rate(setting)
    if rate is None:
        return None
    number, period = rate.strip().split("/")
    return int(number), _PERIODS[period.strip()[0].lower()]


def _take(key: str, *, limit: int, seconds: int) -> tuple[str, int | None]:
    """Count one for `key`; return the counter's name and None when it fits under `limit`,
    else (having given it back) the seconds until the current window ends.

    A sliding window, estimated from two fixed ones: the previous window's count, weighted by
    the part of it still within the last `seconds`, plus the current one's. So a limit holds
    across a window's boundary too (fixed windows alone allow twice the limit around it)."""
    now = time.time()
    window = int(now // seconds)
    name = f"letters:budget:{key}:{window}"
    # Kept two windows: the next window reads it as its previous.
    count = window_count(name, timeout=2 * seconds + 5)
    if count is None:
        # The cache did not answer (it fails, or ignores its errors: appeals_site.cache):
        # nothing can be counted, so nothing is rendered.
        raise LetterOverBudget(reason=UNAVAILABLE, retry_after=UNAVAILABLE_RETRY_SECONDS)
    previous = cache.get(f"letters:budget:{key}:{window - 1}") or 0
    still_counted = 1 - (now - window * seconds) / seconds
    if previous * still_counted + count <= limit:
        return name, None
    _give_back(name)
    return name, math.ceil((window + 1) * seconds - now)


def _give_back(name: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing to give back
        cache.decr(name)


def renders_outstanding(*, stale_before: dt.datetime) -> int:
    """Return the renders waiting or under way: letters pending or rendering, but those whose
    render was lost (older than `stale_before`)."""
    return Letter.objects.filter(
        Q(status=Letter.Status.PENDING, created_at__gte=stale_before)
        | Q(status=Letter.Status.RENDERING, claimed_at__gte=stale_before)
    ).count()


def _queue_has_room(*, stale_before: dt.datetime) -> bool:
    if current_app.conf.task_always_eager:
        return render_slots().free() > 0
    return renders_outstanding(stale_before=stale_before) < settings.LETTER_QUEUE_MAX


def render_budget_take(
    *, appeal_id, client: str, personalised: bool, stale_before: dt.datetime
) -> None:
    """Take one render from the budget, or raise LetterOverBudget (taking nothing)."""
    if not _queue_has_room(stale_before=stale_before):
        raise LetterOverBudget(reason=QUEUE, retry_after=QUEUE_RETRY_SECONDS)
    client_rate = _rate(settings.LETTER_THROTTLE)
    taken = None
    if client_rate:
        # Hashed: an address is what the client says it is until the proxy setting lands,
        # and may be any length.
        ident = hashlib.sha256(client.encode()).hexdigest()[:32]
        taken, wait = _take(f"client:{ident}", limit=client_rate[0], seconds=client_rate[1])
        if wait is not None:
            raise LetterOverBudget(reason=CLIENT, retry_after=wait)
    hourly = settings.LETTER_APPEAL_HOURLY_LIMIT
    if personalised and hourly:
        try:
            _name, wait = _take(f"appeal:{appeal_id}", limit=hourly, seconds=3600)
        except LetterOverBudget:
            if taken:
                _give_back(taken)
            raise
        if wait is not None:
            if taken:
                _give_back(taken)
            raise LetterOverBudget(reason=APPEAL, retry_after=wait)
