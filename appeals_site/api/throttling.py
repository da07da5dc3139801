"""Throttling per API key (each partner key has its own budget), else per user or address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from appeals_site.api.authentication import PartnerPrincipal
from appeals_site.api.models import ApiKey


def throttle_rate(setting: str | None) -> str | None:
    """Return a rate setting ("600/minute") as DRF reads it, or None for no limit: "off" or
    "none" (an empty value in the environment gives the default: appeals_site.env)."""
    if not setting or setting.strip().lower() in {"off", "none"}:
        return None
    return setting


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Rates from API_THROTTLE_PARTNER and API_THROTTLE_STAFF (settings); "off" for none."""

    def get_rate(self):
        return None  # set per request in allow_request, from the audience

    def allow_request(self, request, view):
        is_partner = isinstance(request.user, PartnerPrincipal)
        self.scope = "partner" if is_partner else "staff"
        self.rate = throttle_rate(
            settings.API_THROTTLE_PARTNER if is_partner else settings.API_THROTTLE_STAFF
        )
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"addr:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
