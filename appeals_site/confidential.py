"""What is confidential, and the rule every outward channel applies to it.

Confidential facts (health, family, home address, phone numbers, the identity of sources,
internal notes) help staff act but must never reach a partner, a campaigner, a letter, an export
or a feed unless staff disclose that fact for that record. Every outward channel asks this module
which fields it may show; none keeps its own list. The fields are declared confidential where
each record's outward fields are declared (appeals_site.outward).

A record with confidential fields carries `disclosed_fields`: the names of those of its
confidential fields that staff decided to make public.
"""

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models
from django.utils.module_loading import autodiscover_modules

# Derived from the apps' declarations of their outward fields (`confidential=True` in
# cases/outward.py, defenders/outward.py …): appeals_site.outward.declare fills it when each
# app is ready. Model label -> the names of its confidential fields.
CONFIDENTIAL_FIELDS: dict[str, frozenset[str]] = {}


def _label(model: type[models.Model] | models.Model) -> str:
    return model._meta.label


_discovered = False


def _declarations_load() -> None:
    """Import every app's `outward` module once. Each app's ready() imports its own, but the
    admin of an app listed earlier in INSTALLED_APPS builds its confidential fieldset before
    that (at admin autodiscovery): the same discovery as the admin's, by module name."""
    global _discovered
    if not _discovered:
        autodiscover_modules("outward")
        _discovered = True


def confidential_fields(model: type[models.Model] | models.Model) -> frozenset[str]:
    """Return the names of the model's confidential fields (empty for most models)."""
    _declarations_load()
    return CONFIDENTIAL_FIELDS.get(_label(model), frozenset())


def is_confidential(model: type[models.Model] | models.Model, field_name: str) -> bool:
    """Return whether the field is declared confidential on the model."""
    return field_name in confidential_fields(model)


def is_withheld(instance: models.Model, field_name: str) -> bool:
    """Return whether this record's field must be withheld from outward channels."""
    if not is_confidential(instance, field_name):
        return False
    return field_name not in (getattr(instance, "disclosed_fields", None) or [])


def outward_value(instance: models.Model, field_name: str, withheld: Any = None) -> Any:
    """Return the field's value for an outward channel, or `withheld` if it is confidential."""
    if is_withheld(instance, field_name):
        return withheld
    return getattr(instance, field_name)


def public_field_names(model: type[models.Model]) -> list[str]:
    """Return the concrete field names that are never confidential on this model."""
    secret = confidential_fields(model) | {"disclosed_fields"}
    return [f.name for f in model._meta.concrete_fields if f.name not in secret]


@checks.register()
def check_confidential_declaration(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """Every declared field must exist and its model must be able to record disclosure."""
    errors = []
    _declarations_load()
    for label, names in CONFIDENTIAL_FIELDS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            errors.append(checks.Error(f"{label} is declared confidential but does not exist."))
            continue
        existing = {f.name for f in model._meta.get_fields()}
        for name in sorted(names - existing):
            errors.append(checks.Error(f"{label}.{name} is declared confidential but is no field."))
        if "disclosed_fields" not in existing:
            errors.append(checks.Error(f"{label} has confidential fields but no disclosed_fields."))
    return errors
