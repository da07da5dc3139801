"""Letter requests per client address (the API's and the public site's take-action form)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from appeals_site.client_address import client_address
from appeals_site.throttling import throttle_rate


class LetterRequestThrottle(SimpleRateThrottle):
    """Letter requests per client address (appeals_site.client_address), at LETTER_THROTTLE
    ("off": no limit)."""

    scope = "letters"

    def get_rate(self):
        return throttle_rate(settings.LETTER_THROTTLE)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
