"""Middleware of the site's own: input that is not text is refused before any view reads it.

Django decodes query strings and form bodies with errors="replace": `?q=%FF` reaches a view
as "\ufffd", and a campaigner's name sent as Latin-1 would be printed into a letter as "�".
Neither is anything a person meant, so both are a 400 naming the parameter, in the API's
error shape under /api/ (appeals_site.api.exceptions) and as plain text elsewhere.
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from appeals_site.api.exceptions import validation_error_body

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def undecodable_fields(raw: bytes) -> list[str]:
    """Return the names of the fields of a query string or urlencoded body (`raw`, as sent)
    whose name or value is not UTF-8 once percent-decoded, each as readable text."""
    names = []
    for field in raw.split(b"&"):
        name, _sep, value = field.partition(b"=")
        name = unquote_to_bytes(name.replace(b"+", b" "))
        try:
            name.decode("utf-8")
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            names.append(name.decode("utf-8", errors="replace") or "__all__")
    return names


def _query_bytes(request) -> bytes:
    """Return the query string as sent: WSGI hands it over as Latin-1 text."""
    query = request.META.get("QUERY_STRING", "")
    try:
        return query.encode("iso-8859-1")
    except UnicodeEncodeError:  # a server that decoded it already: it was text
        return query.encode("utf-8")


class RejectUndecodableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_api = request.path_info.startswith("/api/")
        fields = undecodable_fields(_query_bytes(request))
        # The API reads JSON only (appeals_site.api.parsers); forms are the site's and the
        # admin's. Bounded by DATA_UPLOAD_MAX_MEMORY_SIZE: a larger body raises
        # RequestDataTooBig, which Django answers with a 400.
        if (
            not fields
            and not in_api
            and request.method == "POST"
            and request.content_type == FORM_CONTENT_TYPE
        ):
            fields = undecodable_fields(request.body)
        if fields:
            return self.refuse(fields, in_api=in_api)
        return self.get_response(request)

    @staticmethod
    def refuse(fields: list[str], *, in_api: bool):
        message = _("This is not valid UTF-8 text.")
        if in_api:
            body = validation_error_body({name: [message] for name in fields})
            return JsonResponse(body, status=400)
        return HttpResponseBadRequest(
            _("Not valid UTF-8 text: %(fields)s.") % {"fields": ", ".join(fields)},
            content_type="text/plain; charset=utf-8",
        )
