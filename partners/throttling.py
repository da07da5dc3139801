"""Throttling per API key (each partner key has its own budget), else per user or address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from appeals_site.api.authentication import PartnerPrincipal
from appeals_site.client_address import client_address
from appeals_site.throttling import throttle_rate
from partners.models import ApiKey


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
            ident = f"addr:{client_address(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
