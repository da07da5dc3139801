"""Staff second factors: an authenticator app (TOTP) and single-use backup codes.

django-otp keeps both as devices of the user; a session is verified once one of them accepted a
code (`django_otp.login`). Each device throttles itself after a wrong code (1, 2, 4 … seconds),
which is what keeps someone who has the password from trying every code.
"""

import base64
import binascii
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
# An authenticator app's code: six digits (TOTPDevice's default). Anything else is tried as a
# backup code, so a backup code never counts as a wrong app code against the app's throttle.
_APP_CODE = re.compile(r"\d{6}")


class SecondFactorThrottled(Exception):
    """Every device that could check the code is waiting after wrong codes."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until)
        self.until = until


def authenticator_confirmed(*, user) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, or None when they have to set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def authenticator_pending(*, user) -> TOTPDevice:
    """Return the user's authenticator being set up (made now when there is none): its key is
    shown as a QR code until a code from the app confirms it."""
    pending = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def authenticator_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the authenticator being set up if `token` is its current code; it then replaces
    the user's other authenticators (a lost phone stops working). Return whether it did."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(_normalised(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return True


@transaction.atomic
def authenticator_create(*, user, key: str = "") -> TOTPDevice:
    """Give the user a confirmed authenticator, replacing any other, with `key` (base32, as
    authenticator apps show it) or else a random key. For the demo user and the tests: staff
    set up their own at their first login."""
    device = TOTPDevice(user=user, name=AUTHENTICATOR_NAME, confirmed=True)
    if key:
        device.key = base32_to_hex(key)
    device.full_clean()
    TOTPDevice.objects.filter(user=user).delete()
    device.save()
    return device


def base32_to_hex(key: str) -> str:
    """Return a base32 key (spaces and case ignored, padding optional) as django-otp's hex."""
    compact = re.sub(r"\s", "", key).upper()
    try:
        raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except binascii.Error as exc:
        raise ValidationError(_("The key is not base32 (letters A–Z and digits 2–7).")) from exc
    if len(raw) < 10:
        raise ValidationError(_("The key is too short: at least 16 base32 characters."))
    return raw.hex()


def authenticator_key_base32(device: TOTPDevice) -> str:
    """Return the device's key as authenticator apps take it typed in: base32, by fours."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """Give the user new backup codes, revoking the old ones; return them (shown once: they are
    kept in the clear, as django-otp keeps them, so that a used one can be removed)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_verify(*, user, token: str) -> Device | None:
    """Return the user's confirmed device that accepts `token` (a code from the app, or a backup
    code, which is used up), or None. Raise SecondFactorThrottled when every device that could
    check it is still waiting after wrong codes."""
    token = _normalised(token)
    model = TOTPDevice if _APP_CODE.fullmatch(token) else StaticDevice
    # Locked, so that two requests with one code cannot both use it.
    devices = list(
        model.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("pk")
    )
    waits = []
    for device in devices:
        allowed, details = device.verify_is_allowed()
        if not allowed:
            waits.append(details["locked_until"])
            continue
        if device.verify_token(token):
            return device
    if devices and len(waits) == len(devices):
        raise SecondFactorThrottled(min(waits))
    return None


def _normalised(token: str) -> str:
    # People copy codes with spaces ("123 456", "abcd efgh") or dashes.
    return re.sub(r"[\s-]", "", token).lower()
