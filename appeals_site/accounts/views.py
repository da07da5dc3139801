"""The second step of the staff login, setting up an authenticator app, and backup codes.

They are pages of the admin site (`admin_site.StaffAdminSite` adds them under /admin/), in its
look. The first two serve a session that has a password but no second factor yet, so they are
not behind `admin_view` (which wants both); the backup codes page is.
"""

import io
import re
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from appeals_site.accounts.forms import AuthenticatorSetupForm, SecondFactorForm
from appeals_site.accounts.services import (
    authenticator_confirmed,
    authenticator_key_base32,
    authenticator_pending,
    backup_codes_left,
    backup_codes_replace,
)
from appeals_site.audit.services import Action, audit_record


def is_verified(user) -> bool:
    """Return whether the session passed the second factor (django-otp's middleware says)."""
    # Without the middleware there is no is_verified(): never verified, then.
    check = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and check is not None and check())


def is_staff_in_login(user) -> bool:
    """Return whether the user is an active member of staff who gave a password but no second
    factor yet."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return not is_verified(user)


def next_url(request) -> str:
    """Return where the login goes on to (a path on this site), else the admin's index."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def url_with_next(url_name: str, next_to: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_to})}"


def _qr_code_svg(data: str) -> str:
    # Inline SVG (not an <img> with a data: URL), so that no content security policy has to
    # allow data: images for it; a white background, so that it scans in the dark theme too.
    out = io.BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=8).save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    # Large enough to scan from a screen (the viewBox scales it).
    svg = re.sub(r'width="[^"]+" height="[^"]+"', 'width="200" height="200"', svg, count=1)
    return mark_safe(svg)  # noqa: S308 (our own SVG, of a URI we made)


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name="dispatch")
class _LoginStepView(View):
    """A page of the login for a member of staff with a password but no second factor."""

    site: AdminSite = admin.site
    template_name = ""
    title = ""

    def dispatch(self, request, *args, **kwargs):
        refused = self.refuse(request)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, request):
        """Return where to send someone who has nothing to do on this page, or None."""
        if not is_staff_in_login(request.user):
            # Nobody logged in (or a session that expired), or already verified: the login page
            # sends each where they belong.
            return redirect(url_with_next("admin:login", next_url(request)))
        return None

    def render(self, request, **context):
        request.current_app = self.site.name
        return TemplateResponse(
            request,
            self.template_name,
            {
                **self.site.each_context(request),
                "title": self.title,
                "subtitle": None,
                "username": request.user.get_username(),
                "next": next_url(request),
                **context,
            },
        )


class SecondFactorView(_LoginStepView):
    """The second step of the login: a code from the authenticator app, or a backup code."""

    template_name = "accounts/second_factor.html"
    title = gettext_lazy("Second factor")

    def refuse(self, request):
        if is_staff_in_login(request.user) and authenticator_confirmed(user=request.user) is None:
            # Staff without an authenticator set one up before going anywhere.
            return redirect(url_with_next("admin:authenticator_setup", next_url(request)))
        return super().refuse(request)

    def get(self, request):
        return self.render(request, form=SecondFactorForm(user=request.user))

    def post(self, request):
        form = SecondFactorForm(request.POST, user=request.user)
        if not form.is_valid():
            # Whoever sends wrong codes has the password: administrators must see that.
            audit_record(action=Action.SECOND_FACTOR_FAILED, request=request)
            return self.render(request, form=form)
        _verified_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = backup_codes_left(user=request.user)
            messages.warning(
                request,
                ngettext(
                    "You used a backup code: %(count)d is left. Make new ones under "
                    "“Backup codes”.",
                    "You used a backup code: %(count)d are left. Make new ones under "
                    "“Backup codes”.",
                    left,
                )
                % {"count": left},
            )
        return redirect(next_url(request))


class AuthenticatorSetupView(_LoginStepView):
    """Set up an authenticator app: its key as a QR code, then its first code to confirm it.

    At the first login (enforced: staff cannot go on without one), and later, once verified, to
    move to a new phone. It ends with new backup codes, shown once.
    """

    template_name = "accounts/authenticator_setup.html"
    title = gettext_lazy("Set up your authenticator app")

    def refuse(self, request):
        user = request.user
        if is_verified(user) and user.is_active and user.is_staff:
            # Replacing the app, in a verified session.
            return None
        if is_staff_in_login(user) and authenticator_confirmed(user=user) is not None:
            # Who has an app proves it before setting up another.
            return redirect(url_with_next("admin:second_factor", next_url(request)))
        return super().refuse(request)

    def get(self, request):
        device = authenticator_pending(user=request.user)
        return self._render_setup(request, device, AuthenticatorSetupForm(device=device))

    def post(self, request):
        device = authenticator_pending(user=request.user)
        form = AuthenticatorSetupForm(request.POST, device=device)
        if not form.is_valid():
            return self._render_setup(request, device, form)
        device.refresh_from_db()
        _verified_login(request, device)
        self.template_name = "accounts/backup_codes.html"
        return self.render(
            request,
            codes=backup_codes_replace(user=request.user),
            title=_("Your backup codes"),
            continue_to=next_url(request),
        )

    def _render_setup(self, request, device, form):
        return self.render(
            request,
            form=form,
            qr_code=_qr_code_svg(device.config_url),
            key=authenticator_key_base32(device),
            replacing=is_verified(request.user),
        )


class BackupCodesView(View):
    """How many backup codes are left, and new ones (shown once) in place of the old."""

    site: AdminSite = admin.site

    def get(self, request):
        return self._render(request, codes=None)

    def post(self, request):
        return self._render(request, codes=backup_codes_replace(user=request.user))

    def _render(self, request, codes):
        request.current_app = self.site.name
        return TemplateResponse(
            request,
            "accounts/backup_codes.html",
            {
                **self.site.each_context(request),
                "title": _("Backup codes"),
                "subtitle": None,
                "codes": codes,
                "left": backup_codes_left(user=request.user),
                "continue_to": reverse("admin:index"),
            },
        )


def _verified_login(request, device) -> None:
    otp_login(request, device)
    # A new session key for the now verified session: one seen before it (on the password
    # step) is worth nothing.
    request.session.cycle_key()
