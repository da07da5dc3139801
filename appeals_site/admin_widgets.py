"""A fix for Django's admin autocomplete widgets, applied once at start-up (cases.apps).

Django 5.2's AutocompleteMixin.optgroups renders the submitted value of an autocomplete field
by filtering the related model on it, unvalidated. On a UUID primary key (all of ours), a
form sent back with a value that is not a UUID (a tampered or fuzzed POST) therefore raised
ValidationError while the page with the form's errors was rendered: a 500 instead of the
form error the field itself reports. Values the related key cannot hold are dropped before
the query: they match no record anyway.
"""

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError

_original_optgroups = AutocompleteMixin.optgroups


def _valid_keys(widget, value):
    remote = widget.field.remote_field
    target = remote.model._meta.get_field(
        getattr(remote, "field_name", None) or remote.model._meta.pk.name
    )
    kept = []
    for item in value:
        try:
            target.to_python(item)
        except (ValidationError, ValueError, TypeError):
            continue
        kept.append(item)
    return kept


def _optgroups(self, name, value, attr=None):
    return _original_optgroups(self, name, _valid_keys(self, value), attr)


def autocomplete_invalid_keys_fix() -> None:
    """Install the fix (idempotent)."""
    if AutocompleteMixin.optgroups is not _optgroups:
        AutocompleteMixin.optgroups = _optgroups
