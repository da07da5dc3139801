"""A Proposal as JSON, to keep it with its document while it awaits review, and back.

Dates are kept in the API's form (`UncertainDate.iso`), so the JSON holds nothing a later
version could not read; a field the JSON lacks takes its default (a proposal stored before a
field was added still loads)."""

import dataclasses
import types
import typing
from typing import Any

from cases.dates import UncertainDate
from importer.reading.proposal import Proposal

# The version of this form; bump it when a field changes meaning, not when one is added.
FORMAT = 1


def proposal_as_json(proposal: Proposal) -> dict:
    return {"format": FORMAT, **_encoded(proposal)}


def proposal_from_json(data: dict) -> Proposal:
    data = {key: value for key, value in data.items() if key != "format"}
    return typing.cast(Proposal, _decoded(Proposal, data))


def _encoded(value: Any) -> Any:
    if isinstance(value, UncertainDate):
        return value.iso()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encoded(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    return value


def _decoded(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _decoded(options[0], value)
    if origin is list:
        (item_kind,) = typing.get_args(kind)
        return [_decoded(item_kind, item) for item in value]
    if kind is UncertainDate:
        return UncertainDate.parse(value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        known = {f.name for f in dataclasses.fields(kind)}
        return kind(
            **{name: _decoded(hints[name], item) for name, item in value.items() if name in known}
        )
    return value
