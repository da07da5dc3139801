"""The admin site, with a login in two steps: the password, then a second factor.

`apps.StaffAdminConfig` makes this the default site, so `admin.site` (on which every app and
django-otp and django-axes register their pages) is an instance of it.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from appeals_site.accounts.views import (
    AuthenticatorSetupView,
    BackupCodesView,
    SecondFactorView,
    is_staff_in_login,
    is_verified,
    next_url,
    url_with_next,
)

# The index's order: the case work first, then any other app (alphabetically), and the
# administrators' sections last.
WORK_FIRST = ["cases", "defenders", "authorities", "letters", "reminders", "importer"]
ADMINISTRATION_LAST = [
    "partners",
    "api",
    "audit",
    "auth",
    "otp_totp",
    "otp_static",
    "axes",
    "django_celery_beat",
]
# Human names for third-party apps that give none (their own code is not ours to edit).
THIRD_PARTY_NAMES = {
    "otp_totp": _("Authenticator apps"),
    "otp_static": _("Backup codes"),
    "axes": _("Login lockout"),
}


def _index_position(app: dict) -> tuple[int, int, str]:
    label = app["app_label"]
    if label in WORK_FIRST:
        return (0, WORK_FIRST.index(label), "")
    if label in ADMINISTRATION_LAST:
        return (2, ADMINISTRATION_LAST.index(label), "")
    return (1, 0, str(app["name"]).lower())


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, naming each result as its admin says (`autocomplete_label`,
    e.g. an authority with its country), else as str()."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        """Return whether the request may open admin pages: active staff, whose session has
        passed the second factor. Every admin page (each ModelAdmin's, and every view wrapped
        in `admin_view`) asks this."""
        return super().has_permission(request) and is_verified(request.user)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_app_list(self, request, app_label=None):
        """Return the apps in the index's order (WORK_FIRST, the rest, ADMINISTRATION_LAST),
        each under a human name."""
        apps = super().get_app_list(request, app_label)
        for app in apps:
            if app["app_label"] in THIRD_PARTY_NAMES:
                app["name"] = THIRD_PARTY_NAMES[app["app_label"]]
        return sorted(apps, key=_index_position)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        """The first step, the password; a right one leads to the second factor, never into the
        admin. (Django's own admin login would log in with the password alone.)"""
        if request.method == "GET" and is_staff_in_login(request.user):
            return HttpResponseRedirect(url_with_next("admin:second_factor", next_url(request)))
        response = super().login(request, extra_context)
        if (
            request.method == "POST"
            and isinstance(response, HttpResponseRedirect)
            and request.user.is_authenticated
        ):
            # The password was right (django-axes let it through): Django's LoginView logged
            # the user in and sends them on to `next`; they get there after the second factor.
            return HttpResponseRedirect(url_with_next("admin:second_factor", response.url))
        return response

    def get_urls(self):
        return [
            # Open to a session with a password only (each view checks for itself).
            path("second-factor/", SecondFactorView.as_view(site=self), name="second_factor"),
            path(
                "second-factor/setup/",
                AuthenticatorSetupView.as_view(site=self),
                name="authenticator_setup",
            ),
            path(
                "second-factor/backup-codes/",
                self.admin_view(BackupCodesView.as_view(site=self)),
                name="backup_codes",
            ),
            # Logging out needs no second factor: someone stopped at the second step may leave.
            # (Django wraps it in admin_view, which would send them back to the login.) POST
            # only, as Django's LogoutView is.
            path("logout/", self.logout, name="logout"),
            *super().get_urls(),
        ]
