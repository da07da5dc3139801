"""Filters shared by the API's lists."""

import datetime as dt
import re

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField
from rest_framework.exceptions import ValidationError

from appeals_site.api.permissions import audience
from appeals_site.models import changed_field

MAX_OFFSET = dt.timedelta(hours=14)  # the widest UTC offset in use (Kiribati, +14:00)
# A "+" pasted unencoded into a query string arrives as a space: "…T10:00:00 06:00".
UNENCODED_PLUS = re.compile(r"(\d) (\d{2}(?::?\d{2})?)$")


def offset_plus_restored(value: str) -> str:
    """Return an ISO 8601 date and time whose offset's "+" a query string turned into a space
    (a client pasting `until` as it reads it) with its "+" back: what the client meant."""
    return UNENCODED_PLUS.sub(r"\1+\2", value.strip())


def utc_instant(value: dt.datetime) -> dt.datetime:
    """Return an aware date and time as UTC; raise ValueError for an offset no place uses or
    an instant outside what dates can hold."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(_("Give the offset, e.g. 2025-04-14T00:00:00Z or +06:00."))
    if abs(offset) > MAX_OFFSET:
        raise ValueError(_("No place is more than 14 hours from UTC."))
    try:
        return value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise ValueError(_("This date is out of range.")) from exc


class UTCIsoDateTimeField(IsoDateTimeField):
    def clean(self, value):
        if isinstance(value, str) and value.strip():
            value = offset_plus_restored(value)
            try:
                parsed = parse_datetime(value.strip())
            except ValueError as exc:
                # Well-formed but no such day or month (2026-02-30, year 0): a 400, not a 500.
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
            if parsed is not None and parsed.tzinfo is None:
                # Whose midnight? Refused rather than guessed from the server's time zone.
                raise forms.ValidationError(
                    _("Give the offset, e.g. 2025-04-14T00:00:00Z or +06:00."), code="invalid"
                )
        value = super().clean(value)
        if value is None:
            return None
        try:
            return utc_instant(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """`updated_since`: records changed after an ISO 8601 date and time with its offset;
    changed for the caller (appeals_site.models.changed_field): a partner's sync follows
    what partners read (`shared_at`) where the record keeps it."""

    field_class = UTCIsoDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gt")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        changed = changed_field(qs.model, audience=audience(self.parent.request))
        return qs.filter(**{f"{changed}__{self.lookup_expr}": value})


def parse_since(request, name: str = "since") -> dt.datetime | None:
    """Return the query parameter `name` (a tombstone list's `since`) as a UTC instant, None
    when not given; a 400 naming it when it is no date and time with its offset."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = parse_datetime(offset_plus_restored(raw))
        if value is None or value.tzinfo is None:
            raise ValueError(
                _("Give an ISO 8601 date and time with its offset, e.g. 2025-04-14T00:00:00Z.")
            )
        return utc_instant(value)
    except ValueError as exc:
        raise ValidationError({name: [str(exc)]}) from exc
