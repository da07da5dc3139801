"""The API's one request parser: JSON, parsed by orjson.

DRF's JSONParser uses the json module, which answers 10,000 nested arrays with a
RecursionError: a 500. orjson refuses nesting deeper than 1,024, NaN and Infinity, numbers
that overflow a double (1e400), invalid UTF-8 and lone surrogates (which PostgreSQL could not
store anyway), each as a parse error: a 400.

The body's size is bounded before it is parsed: DRF reads a JSON parser's body through
`request.body`, where Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig, a 413
in appeals_site.api.exceptions).
"""

import orjson
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class ORJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return orjson.loads(stream.read())
        except orjson.JSONDecodeError as exc:
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
