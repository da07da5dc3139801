"""`Authorization: Bearer <key>`: the API keys of partners and of staff scripts."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from appeals_site.api.authentication import PartnerPrincipal
from partners.services import api_key_authenticate, api_key_refusal


class KeyRefused(exceptions.AuthenticationFailed):
    """A key that is not (or no longer) valid, with a code a program can switch on: a partner's
    script that learns `key_expired` asks for a new key; `key_revoked` was deliberate."""

    default_detail = _("This API key is not valid.")
    default_code = "key_invalid"


REFUSALS = {
    "unknown": (_("This API key is not valid."), "key_invalid"),
    "revoked": (_("This API key was revoked: ask for a new one."), "key_revoked"),
    "expired": (_("This API key has expired: ask for a new one."), "key_expired"),
    "inactive": (_("This API key's holder is no longer active."), "key_inactive"),
}


class BearerKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the key as: Authorization: Bearer <key>."), code="key_malformed"
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise KeyRefused() from exc
        key = api_key_authenticate(raw=raw)
        if key is None:
            detail, code = REFUSALS[api_key_refusal(raw=raw)]
            raise KeyRefused(detail, code=code)
        if key.partner is not None:
            return PartnerPrincipal(key.partner), key
        return key.user, key

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to anonymous requests.
        return f'{self.keyword} realm="api"'


class BearerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.BearerKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner's or a staff member's API key: Authorization: Bearer <key>.",
        }
