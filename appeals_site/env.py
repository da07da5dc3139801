"""Strict parsing of settings from the environment.

A value that cannot be parsed is an error at start-up, never a silent default: `DEBUG=ture`
must not quietly mean False. An empty value (`SECURE_SSL_REDIRECT=` in an env file) means "not
set" for every type, so it gives the default: never False, 0 or an empty list by accident.
Every secret may also be given as `NAME_FILE`, the path of a file holding it (Docker and
Kubernetes secrets).
"""

import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """Return the variable `name`, or the content of the file named by `name_FILE`."""
    file_path = os.environ.get(name + "_FILE")
    if file_path:
        try:
            with open(file_path, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    return _raw(name) or default


def _raw(name: str) -> str | None:
    """Return the variable `name` stripped, or None when it is unset or empty."""
    raw = os.environ.get(name, "").strip()
    return raw or None


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; anything but a known spelling is an error."""
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of {sorted(_TRUE | _FALSE)}."
    )


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer; anything else is an error."""
    raw = _raw(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_float(name: str, default: float) -> float:
    """Return the variable as a number (seconds: "0.5"); anything else, NaN and infinities
    included, is an error."""
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.")
    return value


_RATE = re.compile(r"^[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)$")


def env_rate(name: str, default: str) -> str:
    """Return a rate setting: "N/second", "N/minute", "N/hour", "N/day", or "off"; anything
    else is an error (DRF would fail on it at the first request, or count by the wrong
    period)."""
    raw = _raw(name)
    if raw is None:
        return default
    if raw.lower() in {"off", "none"} or _RATE.match(raw.lower()):
        return raw.lower()
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a rate; use N/second, N/minute, N/hour, N/day, or off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
