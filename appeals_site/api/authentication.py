"""API authentication: `Authorization: Bearer <key>` for partners and staff scripts; staff in a
browser also come with their session."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from partners.models import Partner
from partners.services import api_key_authenticate


@dataclass(frozen=True)
class PartnerPrincipal:
    """`request.user` for a partner's key: authenticated, never staff, no permissions."""

    partner: Partner

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    @property
    def pk(self):
        return self.partner.pk

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def __str__(self) -> str:
        return f"partner {self.partner.name}"


class BearerKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the key as: Authorization: Bearer <key>.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("This API key is not valid.")) from exc
        key = api_key_authenticate(raw=raw)
        if key is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid, or was revoked."))
        if key.partner is not None:
            return PartnerPrincipal(key.partner), key
        return key.user, key

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with this challenge) rather than 403 to anonymous requests.
        return f'{self.keyword} realm="api"'


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = _(
        "This session has not passed the second factor: finish logging in at /admin/login/, "
        "or use an API key."
    )
    default_code = "second_factor_required"


class StaffSessionAuthentication(authentication.SessionAuthentication):
    """The staff's browser session (with CSRF on unsafe methods), once it has passed the second
    factor (django-otp's middleware says so); other users get nothing.

    A session with a password only is refused with 403 rather than ignored, so that a script
    or page using it learns why. API keys (BearerKeyAuthentication) are not sessions: an
    administrator makes them for a person or a partner, and they keep working as they are.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not result[0].is_staff:
            return None
        is_verified = getattr(result[0], "is_verified", None)
        if is_verified is None or not is_verified():
            raise SecondFactorRequired()
        return result
