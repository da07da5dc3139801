"""Who may do what through the API.

Partners read (GET, HEAD, OPTIONS) what their audience allows: published cases, never a
confidential field. Staff read and write as their role (Django model permissions) allows.
"""

from rest_framework import permissions

from appeals_site.api.authentication import PartnerPrincipal
from appeals_site.audience import PARTNER, STAFF


def audience(request) -> str:
    """Return whom the response is for: a partner, or staff (who see confidential fields)."""
    return PARTNER if isinstance(request.user, PartnerPrincipal) else STAFF


class PartnerReadsStaffByRole(permissions.DjangoModelPermissions):
    """Partners: safe methods only. Staff: the view permission to read, add/change/delete
    permissions to write."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if isinstance(user, PartnerPrincipal):
            return request.method in permissions.SAFE_METHODS
        if not user.is_staff:
            return False
        return super().has_permission(request, view)
