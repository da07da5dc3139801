"""Rate settings as DRF throttles read them, shared by the API and the public site, and the
headers that tell an API caller where it stands."""

from dataclasses import dataclass


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
