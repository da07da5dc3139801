"""JSON aggregation (JSONB_AGG), so that a page of nested documents is built by the database in
a constant number of queries."""

from collections.abc import Sequence

import orjson
from django.contrib.postgres.aggregates.mixins import OrderableAggMixin
from django.db.models import (
    Aggregate,
    F,
    Func,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Collate, JSONObject

# JSONB_BUILD_OBJECT takes at most 100 arguments (PostgreSQL's FUNC_MAX_ARGS): 50 fields.
JSON_OBJECT_MAX_FIELDS = 50


class FastJSONField(JSONField):
    """A JSONField decoded with orjson: the nested documents are large."""

    def from_db_value(self, value, expression, connection):
        if value is None or not isinstance(value, str | bytes):
            return value
        return orjson.loads(value)


class JSONList(OrderableAggMixin, Aggregate):
    """The JSON array of an expression over a group, in `order_by` order (none given: any)."""

    function = "JSONB_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s %(order_by)s)"
    output_field = FastJSONField()


class JSONConcat(Func):
    """The JSONB objects' keys and values in one object (`a || b || …`)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = JSONField()


class JSONText(Func):
    """A JSON array as the database writes it (text, never decoded in Python: wrap it in
    orjson.Fragment to put it in a response as it is); an empty list (NULL) as []."""

    template = "COALESCE((%(expressions)s)::text, '[]')"
    output_field = TextField()


def json_or_empty(expression) -> Coalesce:
    """Return the JSON array `expression`, or [] where it is NULL (no children)."""
    return Coalesce(expression, Value([], output_field=JSONField()), output_field=FastJSONField())


def jsonb_key_order(key: str) -> tuple[int, bytes]:
    """Return where jsonb puts `key` among an object's keys: shorter keys first, then by
    their bytes."""
    return (len(key.encode()), key.encode())


class JSONTextObject(Func):
    """A json (not jsonb) object, its keys in the order given: jsonb would sort them."""

    function = "JSON_BUILD_OBJECT"
    output_field = JSONField()

    def __init__(self, **fields):
        if len(fields) > JSON_OBJECT_MAX_FIELDS:
            raise ValueError("JSON_BUILD_OBJECT takes at most 50 keys.")
        arguments = []
        for key, value in fields.items():
            arguments += [Cast(Value(key), TextField()), value]
        super().__init__(*arguments)


class JSONTextList(JSONList):
    function = "JSON_AGG"


class JSONTextOrEmpty(Func):
    template = "COALESCE(%(expressions)s, '[]'::json)"
    output_field = JSONField()


def json_text_children(
    queryset: QuerySet,
    link: str,
    *,
    order_by: Sequence,
    fields: dict,
    then: dict | None = None,
    outer: str = "pk",
) -> JSONTextOrEmpty:
    """Return json_children as json, not jsonb, [] where there are none: each object's keys
    those of `fields` in the order jsonb gives them (so a document keeps the key order it had
    when built as jsonb), then those of `then` as given."""
    ordered = {key: fields[key] for key in sorted(fields, key=jsonb_key_order)}
    return JSONTextOrEmpty(
        Subquery(
            queryset.filter(**{link: OuterRef(outer)})
            .order_by()
            .values(link)
            .annotate(
                items=JSONTextList(
                    JSONTextObject(**ordered, **(then or {})), order_by=list(order_by)
                )
            )
            .values("items"),
            output_field=JSONField(),
        )
    )


def json_text_values(queryset: QuerySet, link: str, value: str) -> JSONTextOrEmpty:
    """Return json_values as json, not jsonb, in the value's own order, [] where none."""
    return JSONTextOrEmpty(
        Subquery(
            queryset.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(items=JSONTextList(F(value), order_by=[value]))
            .values("items"),
            output_field=JSONField(),
        )
    )


def json_object(**fields):
    """Return the JSON object of `fields`: built in parts of at most JSON_OBJECT_MAX_FIELDS,
    joined, when a record has more fields than one JSONB_BUILD_OBJECT call takes."""
    if len(fields) <= JSON_OBJECT_MAX_FIELDS:
        return JSONObject(**fields)
    items = list(fields.items())
    parts = [
        JSONObject(**dict(items[start : start + JSON_OBJECT_MAX_FIELDS]))
        for start in range(0, len(items), JSON_OBJECT_MAX_FIELDS)
    ]
    return JSONConcat(*parts)


def json_children(
    queryset: QuerySet, link: str, outer: str = "pk", *, order_by: Sequence = (), **fields
) -> Subquery:
    """Return a subquery giving, for each outer row, the JSON array of its children's fields
    in `order_by` order (expressions or field names, as for QuerySet.order_by):
    `json_children(Charge.objects.all(), "case_id", order_by=["id"], id=F("id"))`.
    A row without children gets NULL."""
    return Subquery(
        queryset.filter(**{link: OuterRef(outer)})
        .order_by()
        .values(link)
        .annotate(items=JSONList(json_object(**fields), order_by=list(order_by)))
        .values("items"),
        output_field=FastJSONField(),
    )


def json_values(
    queryset: QuerySet, link: str, value: str, outer: str = "pk", *, order_by: Sequence = ()
) -> Subquery:
    """Return a subquery giving, for each outer row, the JSON array of one value of its
    children (e.g. the ids behind a many-to-many link), in `order_by` order (by default the
    value's own)."""
    return Subquery(
        queryset.filter(**{link: OuterRef(outer)})
        .order_by()
        .values(link)
        .annotate(items=JSONList(F(value), order_by=list(order_by) or [value]))
        .values("items"),
        output_field=FastJSONField(),
    )


def code_point_order(name: str) -> Collate:
    """Return the text field `name` to order by as Python orders str (by code point, the "C"
    collation), not by the database's language collation: the API's order does not depend on
    how the server was set up."""
    return Collate(F(name), "C")


def fields(*names: str, **renamed) -> dict:
    """Return JSONObject arguments for model fields: `fields("id", "article")`."""
    return {**{name: F(name) for name in names}, **renamed}
