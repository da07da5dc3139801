"""API authentication shared by the apps: the principal a partner's key stands for, and the
staff's browser session. The keys themselves (`Authorization: Bearer <key>`) are the partners
app's: partners.authentication."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


@dataclass(frozen=True)
class PartnerPrincipal:
    """`request.user` for a partner's key: authenticated, never staff, no permissions."""

    partner: models.Model  # a partners.models.Partner; the project package names no app

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
        return f"partner {self.partner}"  # a Partner reads as its name


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
