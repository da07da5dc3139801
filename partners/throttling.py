"""Throttling per API key (each partner key has its own budget), else per user or address,
shared by every web process.

The counts live in the Django cache (Redis in production: CACHE_URL), one counter per
caller and fixed window, created with `add` and raised with `incr`, both atomic in Redis: two
processes never both read 599 and both write 600, so N web processes together let through the
rate, not N times it (DRF's SimpleRateThrottle reads a list, appends and writes it back, which
loses counts between processes). Without CACHE_URL the cache is each process's own memory:
fine for one process, per process with several (docs/configuration.md).

If the cache fails (Redis down), the request is let through and the failure logged: partners
keep syncing while the cache is mended (fail open), rather than every key getting a 429 or a
500 for a fault that is ours.

Every answer tells the caller where it stands (appeals_site.throttling.RateLimitState):
`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window ends)
and `RateLimit-Policy` (`600;w=60`); over the limit, a 429 with `Retry-After`.
"""

import math
import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from appeals_site.api.authentication import PartnerPrincipal
from appeals_site.client_address import client_address
from appeals_site.throttling import RateLimitState, throttle_rate, window_count
from partners.models import ApiKey


class ApiKeyRateThrottle(BaseThrottle):
    """Rates from API_THROTTLE_PARTNER and API_THROTTLE_STAFF (settings); "off" for none."""

    def __init__(self):
        self.retry_after: int | None = None

    def allow_request(self, request, view):
        is_partner = isinstance(request.user, PartnerPrincipal)
        scope = "partner" if is_partner else "staff"
        rate = throttle_rate(
            settings.API_THROTTLE_PARTNER if is_partner else settings.API_THROTTLE_STAFF
        )
        if rate is None:
            return True
        limit, window = SimpleRateThrottle.parse_rate(None, rate)  # type: ignore[arg-type]
        now = time.time()
        key = f"throttle:{scope}:{self.ident(request)}:{int(now // window)}"
        count = window_count(key, timeout=window + 1)
        if count is None:
            return True
        reset = max(1, math.ceil(window - now % window))
        request.rate_limit = RateLimitState(
            limit=limit, remaining=max(0, limit - count), reset=reset, window=window
        )
        if count > limit:
            self.retry_after = reset
            return False
        return True

    def wait(self):
        return self.retry_after

    def ident(self, request) -> str:
        if isinstance(request.auth, ApiKey):
            return f"key:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"addr:{client_address(request)}"
