"""Fax and phone numbers and e-mail addresses as the directory stores them: plain values in,
normalised values out, no model (AuthorityContact.clean and the services both use it)."""

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
