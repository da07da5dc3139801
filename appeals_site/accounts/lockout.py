"""The page django-axes shows instead of the login once too many passwords were wrong
(settings.AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """Return the lockout page: no form to try again on, and when to come back."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Rendered here: a response from a middleware (AxesMiddleware) is not rendered later.
    return render(
        request,
        "accounts/lockout.html",
        {"title": _("Login locked"), "minutes": minutes},
        # 429 unless AXES_HTTP_RESPONSE_CODE says otherwise (axes sets its defaults at start).
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )
