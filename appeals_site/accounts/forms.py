"""The code forms of the second step of the login and of setting up an authenticator app."""

from django import forms
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from appeals_site.accounts.services import (
    SecondFactorThrottled,
    authenticator_confirm,
    second_factor_verify,
)

_CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
)


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or one of the backup codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=_CODE_WIDGET,
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        try:
            self.device = second_factor_verify(user=self.user, token=token)
        except SecondFactorThrottled as throttled:
            raise forms.ValidationError(
                _("Too many wrong codes: try again after %(time)s."),
                code="throttled",
                params={"time": time_format(timezone.localtime(throttled.until), "H:i:s")},
            ) from None
        if self.device is None:
            raise forms.ValidationError(
                _("This code is not valid, or was already used."), code="invalid"
            )
        return token


class AuthenticatorSetupForm(forms.Form):
    """The first code of the authenticator app being set up, which proves it has the key."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=_CODE_WIDGET,
        help_text=_("The six digits the app shows for this account."),
    )

    def __init__(self, *args, device, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not authenticator_confirm(device=self.device, token=token):
            raise forms.ValidationError(
                _(
                    "This is not the app's current code: check the phone's clock, and try the "
                    "next code."
                ),
                code="invalid",
            )
        return token
