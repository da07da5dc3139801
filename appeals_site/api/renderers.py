"""JSON rendered with orjson: several times faster than json for large nested documents."""

from decimal import Decimal

import orjson
from django.utils.functional import Promise
from django_countries.fields import Country
from phonenumber_field.phonenumber import PhoneNumber
from rest_framework.renderers import BaseRenderer


def json_default(value):
    """Types orjson does not know: countries as their ISO code, phone numbers in E.164,
    lazy translations as text, decimals as text (no precision lost)."""
    if isinstance(value, Country):
        return value.code
    if isinstance(value, PhoneNumber):
        return value.as_e164 if value.is_valid() else str(value)
    if isinstance(value, Promise | Decimal):
        return str(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return orjson.dumps(data, default=json_default, option=orjson.OPT_NON_STR_KEYS)
