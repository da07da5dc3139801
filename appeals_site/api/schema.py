"""OpenAPI schema generation: every confidential field carries `x-confidential: true`, so that
partners and auditors can see what exists and is withheld; and the schema is a contract that
generated clients can trust (`contract_postprocess`): every error an operation can answer is
declared, with the one error body, 304 where an ETag is revalidated, file endpoints as text.

A serializer names the model whose confidential declaration applies with `Meta.model` (model
serializers) or `confidential_model` (plain serializers describing documents); the rule itself
is appeals_site.confidential, as everywhere.
"""

import json
from functools import cache
from pathlib import Path

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from appeals_site.confidential import confidential_fields


def confidential_model_of(serializer):
    model = getattr(serializer, "confidential_model", None)
    if model is None:
        meta = getattr(serializer, "Meta", None)
        model = getattr(meta, "model", None)
    return model


ACTION_SUMMARIES = {
    "list": "{plural} changed since your last sync, oldest change first",
    "retrieve": "One {name}",
    "create": "Create {article} {name} (staff)",
    "update": "Replace {article} {name} (staff)",
    "partial_update": "Change {article} {name} (staff)",
}


class AutoSchema(SpectacularAutoSchema):
    def get_summary(self):
        """Every operation has a summary: the one its view declares, else one from the
        action and the model's name, else the first line of the view's docstring."""
        summary = super().get_summary()
        if summary:
            return summary
        action = getattr(self.view, "action", None)
        queryset = getattr(self.view, "queryset", None)
        if action in ACTION_SUMMARIES and queryset is not None:
            meta = queryset.model._meta
            name = str(meta.verbose_name)
            return ACTION_SUMMARIES[action].format(
                plural=str(meta.verbose_name_plural).capitalize(),
                name=name,
                article="an" if name[:1] in "aeiou" else "a",
            )
        doc = (type(self.view).__doc__ or "").strip().splitlines()
        return doc[0].rstrip(".") if doc else None

    def get_filter_backends(self):
        # Files (cases.csv, hearings.ics) are lists in another format: their filters are
        # declared like a list's (views say so with `filters_in_schema`).
        if getattr(self.view, "filters_in_schema", False) and self.method == "GET":
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        model = confidential_model_of(serializer)
        if model is None:
            return schema
        secret = confidential_fields(model)
        for name, prop in schema.get("properties", {}).items():
            source = getattr(serializer.fields.get(name), "source", name)
            if name in secret or source in secret:
                prop["x-confidential"] = True
        return schema


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "appeals_site.api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_DESCRIPTIONS = {
    "400": "A query parameter or the body is not valid; `errors` names each (an unknown "
    "query parameter included).",
    "401": "No key, or a key that is not valid (`code`: key_invalid, key_expired, "
    "key_revoked, key_inactive).",
    "403": "The key or session may not do this.",
    "404": "Nothing here that you may see.",
    "429": "Over the rate limit: see Retry-After and RateLimit-*.",
}
RATE_LIMIT_HEADERS = {
    name: {"schema": {"type": "integer"}, "description": description}
    for name, description in (
        ("RateLimit-Limit", "Requests allowed in the window."),
        ("RateLimit-Remaining", "Requests left in the window."),
        ("RateLimit-Reset", "Seconds until the window starts again."),
    )
}
# Open to anyone (letters, the schema itself): no key, so no 401 or 403.
OPEN_PATHS = ("/api/v1/letters/", "/api/v1/appeals/{appeal_id}/letters/")
# The secret calendar URL: the token in its path is the credential, for calendar programs that
# send no header. Declared with the API's schemes, a generated client demanded a key for it and
# took the token twice (`token_path`, `token_query`).
PRIVATE_CALENDAR_PATH = "/api/v1/calendar/{token}/hearings.ics"
FILE_MEDIA_TYPES = ("text/csv", "text/calendar")
# A method a path does not take has no operation to declare its answer on (OpenAPI 3.0 has no
# per-path responses, and drf-spectacular generates operations only for the methods a view
# takes), so the 405 is declared once, as a reusable response, and named in the description.
METHOD_NOT_ALLOWED = {
    "description": "A method this path does not take (`code`: method_not_allowed); `Allow` "
    "lists those it takes. Any path under /api/ answers so for a method it has no operation "
    "for.",
    "headers": {
        "Allow": {"schema": {"type": "string"}, "description": "The methods the path takes."}
    },
    "content": {"application/json": {"schema": ERROR_REF}},
}


NULL_ONLY = {"nullable": True, "enum": [None]}
BLANK_STRING = {"type": "string", "maxLength": 0}
LOCAL_TIME = {
    "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
    "example": "10:30:00",
}


def _schema_objects(node):
    """Yield every object (dict) in a schema document, depth first."""
    if isinstance(node, dict):
        yield node
        for value in list(node.values()):
            yield from _schema_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_objects(value)


def _mend_for_strict_validators(components: dict) -> None:
    """Say in the schema what drf-spectacular's output means, in terms strict OpenAPI 3.0
    validators and generators read alike (the conformance walk found each):

    - a nullable reference (`stated_in`: an appeal or null) comes out as
      `{"allOf": [{"$ref": …}], "nullable": true}`, read as "the referenced object, which
      may not be null": it becomes "the object, or null";
    - a blank-able URL comes out as `oneOf: [a URI, a blank string]`; "" is valid under both
      for validators that do not check `format: uri`, which `oneOf` forbids: `anyOf`;
    - times here are local (a court's hearing at 10:30 in its own time zone), without an
      offset, while JSON Schema's `format: time` is RFC 3339's, which requires one: such a
      field is declared by its pattern."""
    for node in _schema_objects(components):
        all_of = node.get("allOf")
        if node.get("nullable") and isinstance(all_of, list) and len(all_of) == 1:
            del node["allOf"], node["nullable"]
            node["anyOf"] = [all_of[0], dict(NULL_ONLY)]
        one_of = node.get("oneOf")
        if isinstance(one_of, list) and BLANK_STRING in one_of:
            node["anyOf"] = node.pop("oneOf")
        if node.get("format") == "time":
            del node["format"]
            node.update(LOCAL_TIME)


# Real answers, one per operation and status, written by the conformance walk
# (tests/appeals_site/test_api_conformance.py, with UPDATE_API_EXAMPLES=1), which fails when
# they no longer have the shape of what the API answers: examples that cannot drift.
EXAMPLES_FILE = Path(__file__).with_name("examples.json")


@cache
def real_answers() -> dict:
    """Return {"GET /api/v1/cases/": {"200": body, …}, …} from EXAMPLES_FILE."""
    if not EXAMPLES_FILE.is_file():
        return {}
    return json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))


def _examples(path: str, method: str, responses: dict) -> None:
    for code, body in real_answers().get(f"{method.upper()} {path}", {}).items():
        content = responses.get(code, {}).get("content", {}).get("application/json")
        if content is None:
            continue
        content.setdefault("examples", {})[f"real{code}"] = {
            "summary": "A real answer (a list's first record only)",
            "value": body,
        }


def contract_postprocess(result, generator, request, public):
    """Complete the generated schema so that clients generated from it handle every answer:

    - `servers`, relative to where the schema is read;
    - every operation declares the errors it can answer (400, 401, 403, 404, 429) with the
      one error body, and every read 304 (an ETag revalidated with If-None-Match);
    - text files (CSV, iCalendar) are `type: string`, not binary, so generators read text;
    - the secret calendar URL needs no other credential (PRIVATE_CALENDAR_PATH);
    - every answer carries the RateLimit-* headers;
    - the 405 a path gives for a method it does not take, as the reusable response
      `MethodNotAllowed` (METHOD_NOT_ALLOWED says why not per operation);
    - real answers as examples, success and error (`real_answers`);
    - nullable references, blank-able URLs and local times as strict validators read them
      (`_mend_for_strict_validators`)."""
    _mend_for_strict_validators(result.get("components", {}))
    result["servers"] = [{"url": "/", "description": "This server."}]
    result.setdefault("components", {}).setdefault("responses", {})["MethodNotAllowed"] = (
        METHOD_NOT_ALLOWED
    )
    for path, operations in result.get("paths", {}).items():
        is_open = path.startswith(OPEN_PATHS)
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = ["400", "404", "429"] if is_open else ["400", "401", "403", "404", "429"]
            for code in codes:
                answer = responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
                answer.setdefault("content", {"application/json": {"schema": ERROR_REF}})
            if method == "get":
                responses.setdefault(
                    "304",
                    {"description": "Not modified: the ETag you sent in If-None-Match matches."},
                )
            for code, answer in responses.items():
                if not is_open and code not in ("304",):
                    answer.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
                for media_type, content in answer.get("content", {}).items():
                    if media_type.startswith(FILE_MEDIA_TYPES):
                        content["schema"] = {"type": "string"}
            if path == PRIVATE_CALENDAR_PATH:
                operation["security"] = []
                operation["parameters"] = [
                    parameter
                    for parameter in operation.get("parameters", [])
                    if (parameter["name"], parameter["in"]) != ("token", "query")
                ]
            _examples(path, method, responses)
    return result
