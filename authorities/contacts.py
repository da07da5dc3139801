"""Fax and phone numbers and e-mail addresses as the directory stores them: plain values in,
normalised values out, no model (AuthorityContact.clean and the services both use it).

Sources print numbers as they please (`+ 9 1234 56 78 90`, `009 / 1234 / 56 78 90`, a city
code that has since changed): a number is kept as printed, beside its E.164 form when it can
be read as one. One that cannot is kept all the same, with a warning, never refused: the
archive must hold what the appeal said.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _


def phone_number_normalise(*, value: str, field: str = "value") -> str:
    """Return the number in E.164 (`+996312001122`); it must be given in international form."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            {field: _("Enter the number in international form, e.g. +996 312 00 11 22.")}
        ) from exc
    if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            {field: _("%(value)s is not a valid phone or fax number.") % {"value": value}}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def contact_value_normalise(*, kind: str, value: str) -> str:
    """Return a fax or phone number in E.164, or a validated e-mail address."""
    value = (value or "").strip()
    if kind == "email":
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError({"value": _("Enter a valid e-mail address.")}) from exc
        return value
    return phone_number_normalise(value=value)


def number_grouped(value: str) -> str:
    """Return a number that can be dialled grouped as people dial it (`+996 312 001 122`);
    anything else (a number kept as printed only, an e-mail address) as it is."""
    if not (value or "").startswith("+"):
        return value
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def number_read(printed: str) -> tuple[str, str]:
    """Return (E.164 form or "", warning or "") of a number as printed. "00" before the
    country code is read as "+", whatever separators surround the digits."""
    text = (printed or "").strip()
    if not text:
        return "", ""
    digits = "".join(ch for ch in text if ch.isdigit())
    candidate = "+" + digits[2:] if text.startswith("00") else "+" + digits
    if not text.startswith(("+", "00")):
        candidate = text
    try:
        return phone_number_normalise(value=candidate), ""
    except ValidationError:
        return "", number_warning(text)


def number_warning(printed: str) -> str:
    """Return the warning about a number kept as printed only."""
    return _(
        "%(printed)s cannot be read as an international number: it is kept as printed, and "
        "letters show it so. Check it against the source."
    ) % {"printed": printed}
