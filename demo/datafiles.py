"""Read the demo's data files (demo/data/*.toml) into the frozen dataclasses that describe them.

A file is parsed with the standard library's tomllib, then checked against the dataclass of its
shape: every key must be a field of it (an unknown key is a typo, never ignored), every field
without a default must be there, and every value must have the field's type (TOML has dates
and times of its own, so `2025-04-14` arrives as a date). A mistake raises DemoDataError naming
the file and the path of the key in it, e.g.
`demo/data/cases/kgz-osh-kara-darya.toml: appeals[0].original.titel: unknown key`.

Only the shapes below are understood: str, int, bool, dt.date, dt.time, `X | None`,
`tuple[X, ...]`, fixed tuples such as `tuple[str, str]`, `dict[str, str]` and nested frozen
dataclasses. That is all the demo needs, and it keeps the check exact.
"""

import dataclasses
import datetime as dt
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

# demo/data/, beside this module.
DATA_DIR = Path(__file__).resolve().parent / "data"

T = TypeVar("T")


class DemoDataError(ValueError):
    """A demo data file that cannot be read: which file, which key, and what is wrong."""


def display_path(path: Path) -> str:
    """Return `path` relative to the project when it is inside it (demo/data/…), else whole."""
    try:
        return str(path.relative_to(DATA_DIR.parent.parent))
    except ValueError:
        return str(path)


def toml_read(path: Path) -> dict[str, Any]:
    """Return the parsed TOML file, or raise DemoDataError naming it."""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError as exc:
        raise DemoDataError(f"{display_path(path)}: no such file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{display_path(path)}: not valid TOML: {exc}") from exc


def file_load(path: Path, shape: type[T], **given: Any) -> T:
    """Return the file at `path` read as the dataclass `shape`; `given` fills fields that the
    file does not hold itself (a case's key is its file name), and may not be repeated in it."""
    table = toml_read(path)
    for name in given:
        if name in table:
            raise DemoDataError(
                f"{display_path(path)}: {name}: not allowed here (it is {given[name]!r}, "
                "from the file's name)"
            )
    return build(shape, {**table, **given}, source=display_path(path), where="")


def build(shape: type[T], table: Any, *, source: str, where: str) -> T:
    """Return the dataclass `shape` made from the TOML table `table` (checked as above)."""
    if not isinstance(table, dict):
        _fail(source, where, f"expected a table, found {_kind(table)}")
    hints = typing.get_type_hints(shape)
    fields = {field.name: field for field in dataclasses.fields(shape)}  # type: ignore[arg-type]
    for key in table:
        if key not in fields:
            known = ", ".join(fields)
            _fail(source, _join(where, key), f"unknown key (the keys of this table: {known})")
    values = {}
    for name, field in fields.items():
        if name in table:
            values[name] = _convert(hints[name], table[name], source, _join(where, name))
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            _fail(source, _join(where, name), "required key missing")
    return shape(**values)


def _convert(hint: Any, value: Any, source: str, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        # TOML has no null: an optional field is either absent (its default) or a value.
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _convert(inner, value, source, where)
    if origin is tuple:
        if not isinstance(value, list):
            _fail(source, where, f"expected an array, found {_kind(value)}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(
                _convert(args[0], item, source, f"{where}[{index}]")
                for index, item in enumerate(value)
            )
        if len(value) != len(args):
            _fail(source, where, f"expected an array of {len(args)} items, found {len(value)}")
        return tuple(
            _convert(arg, item, source, f"{where}[{index}]")
            for index, (arg, item) in enumerate(zip(args, value, strict=True))
        )
    if origin is dict:
        if not isinstance(value, dict):
            _fail(source, where, f"expected a table, found {_kind(value)}")
        return {
            _convert(args[0], key, source, where): _convert(
                args[1], item, source, _join(where, key)
            )
            for key, item in value.items()
        }
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, value, source=source, where=where)
    expected = {str: "a string", bool: "true or false", int: "an integer"}
    if hint in expected:
        # bool is an int in Python; in a data file true is not 1.
        if type(value) is not hint:
            _fail(source, where, f"expected {expected[hint]}, found {_kind(value)}")
        return value
    if hint is dt.date:
        if type(value) is not dt.date:
            _fail(source, where, f"expected a date (2025-04-14), found {_kind(value)}")
        return value
    if hint is dt.time:
        if type(value) is not dt.time or value.tzinfo is not None:
            _fail(source, where, f"expected a local time (14:00:00), found {_kind(value)}")
        return value
    raise TypeError(f"{where}: the data files cannot hold a {hint!r}")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: Any) -> str:
    kinds = {
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
        dt.date: "a date",
        dt.datetime: "a date and time",
        dt.time: "a time",
    }
    return f"{kinds.get(type(value), type(value).__name__)} ({value!r:.60})"


def _fail(source: str, where: str, message: str) -> typing.NoReturn:
    raise DemoDataError(f"{source}: {where}: {message}" if where else f"{source}: {message}")
