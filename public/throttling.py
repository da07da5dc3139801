"""Lookups of the public site per client address."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from appeals_site.throttling import throttle_rate


class EmbassyLookupThrottle(SimpleRateThrottle):
    """Embassy lookups (?host_country= on an appeal page) per client address, at
    EMBASSY_THROTTLE ("off": no limit). Each lookup is a page the cache cannot serve, and
    the directory is ours to give to campaigners, not to be walked by a script."""

    scope = "embassy"

    def get_rate(self):
        return throttle_rate(settings.EMBASSY_THROTTLE)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
