"""Rate settings as DRF throttles read them, shared by the API and the public site, the
counter both count with, and the headers that tell an API caller where it stands."""

import logging
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


def window_count(key: str, *, timeout: int) -> int | None:
    """Count one more for the counter `key` (a caller's fixed window) and return its count;
    None when the cache cannot say. The counter is made with `add` and raised with `incr`,
    both atomic in Redis, so web processes counting together never lose a count.

    None means the cache failed, or ignored its failure and answered nothing (django-redis with
    IGNORE_EXCEPTIONS, appeals_site.cache): the caller decides what that means, letting the
    request through (partners' throttles) or refusing (the letters' budget)."""
    try:
        cache.add(key, 0, timeout=timeout)
        try:
            count = cache.incr(key)
        except ValueError:
            # The counter expired between add and incr: this request opens a new one.
            cache.add(key, 1, timeout=timeout)
            return 1
    except Exception:  # noqa: BLE001 - any failure of the cache's backend
        logger.warning("A rate counter could not be counted: the cache failed", exc_info=True)
        return None
    return count if isinstance(count, int) else None


def throttle_rate(setting: str | None) -> str | None:
    """Return a rate setting ("600/minute") as DRF reads it, or None for no limit: "off" or
    "none" (an empty value in the environment gives the default: appeals_site.env)."""
    if not setting or setting.strip().lower() in {"off", "none"}:
        return None
    return setting


@dataclass(frozen=True)
class RateLimitState:
    """Where a caller stands in its rate limit after a request (partners.throttling)."""

    limit: int
    remaining: int
    reset: int  # seconds until the window ends and the count starts again
    window: int  # the window's length in seconds

    def headers(self) -> dict[str, str]:
        """Return the RateLimit-* headers (IETF draft-ietf-httpapi-ratelimit-headers)."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }
