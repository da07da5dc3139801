"""One shape for every API error, and domain errors turned into clear 4xx responses.

{"status": 400, "code": "invalid", "detail": "…", "errors": {"field": ["why"]}}

`code` is for programs to switch on (`not_found`, `method_not_allowed`, `key_expired` …);
`detail` is for people, in the language the answer's Content-Language names. Every path under
/api/ answers so, an address that names nothing included (`api_not_found`).
"""

import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The request conflicts with the current state of the record.")
    default_code = "conflict"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class Error(serializers.Serializer):
    """Every error's body (the schema's `Error`): the status, a code for programs, what went
    wrong for people and, for 400, each field's reasons, named by its path in the request
    ("proceedings[0].charges[1].replaced_by") or by the query parameter."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def api_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before reading it; left to
        # Django it would be an HTML 400.
        exc = RequestTooLarge(
            _("The request body is larger than %(limit)s bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, IntegrityError):
        # A constraint the validation did not foresee (a race, most often): nothing was
        # written, and trying again after re-reading the record is the remedy.
        exc = Conflict()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    return Response(
        _error_body(exc, response.status_code, response.data),
        status=response.status_code,
        headers=dict(response.items()),
    )


def validation_error_body(errors: dict) -> dict:
    """Return the 400 body for `errors` ({"field": ["why"]}): for the middleware that refuses
    a request before any view (appeals_site.middleware), in the same shape."""
    return {
        "status": status.HTTP_400_BAD_REQUEST,
        "code": "invalid",
        "detail": _("The request is not valid: see errors."),
        "errors": errors,
    }


def _error_body(exc, status_code: int, data) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            errors = dict(data)
            non_field = errors.pop("non_field_errors", None)
            if non_field:
                errors["__all__"] = non_field
        else:
            errors = {"__all__": data}
        return {**validation_error_body(errors), "status": status_code}
    body: dict = {"status": status_code}
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    body["code"] = codes if isinstance(codes, str) else "error"
    body["detail"] = data.get("detail", "") if isinstance(data, dict) else str(data)
    return body


def api_not_found(request, *args, **kwargs):
    """Any address under /api/ that names no resource: a 404 in the one error shape, never the
    public site's HTML page. An address without its final slash whose slashed form exists is
    sent there, as Django's APPEND_SLASH would (this view matches every /api/ path, so that
    middleware never sees one missing)."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + ("?" + query if query else "")
            )
    return _not_found(_("There is nothing at this address: see /api/schema/ for what there is."))


def api_not_found_as_json(view):
    """Decorate a plain Django view under /api/ (a file download): its 404 in the one error
    shape, with the reason it was raised with, not the public site's HTML page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as exc:
            return _not_found(str(exc) or _("There is nothing at this address."))

    return wrapped


def _not_found(detail: str) -> JsonResponse:
    response = JsonResponse({"status": 404, "code": "not_found", "detail": detail}, status=404)
    patch_vary_headers(response, ["Accept-Language"])
    return response
