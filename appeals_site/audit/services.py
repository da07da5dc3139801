"""Writing the audit log. Callers say what happened explicitly (style.md: no business logic
in signals); only logins come through Django's auth signals (appeals_site.audit.receivers)."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest

from appeals_site.audit.models import AuditEntry
from appeals_site.client_address import client_address

Action = AuditEntry.Action

# The default actor: whoever the request is from.
FROM_REQUEST: Any = object()


def _source_ip(request) -> str | None:
    # The address the throttles and django-axes use too (appeals_site.client_address).
    if request is None:
        return None
    return client_address(request) or None


def _actor(actor) -> tuple[Any, str]:
    """Return the user to link (or None) and the name to keep."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, ""
    if isinstance(actor, get_user_model()):
        return actor, actor.get_username()
    return None, str(actor)[:200]  # a partner's key (appeals_site.api PartnerPrincipal)


def audit_record(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor: Any = FROM_REQUEST,
    actor_label: str | None = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: object = "",
    object_label: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` (by default the request's user) did `action`, to `target` (or the
    object named by type, id and label); return the entry.

    Not validated with full_clean(): every field is built here, not typed by anyone, and
    checking the actor's foreign key would cost a query on every audited request.
    """
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}.")
    if actor is FROM_REQUEST:
        actor = getattr(request, "user", None)
    user, label = _actor(actor)
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
        object_label = object_label or str(target)
    return AuditEntry.objects.create(
        action=action,
        actor=user,
        actor_label=(actor_label if actor_label is not None else label)[:200],
        object_type=object_type[:100],
        object_id=str(object_id or "")[:64],
        object_label=str(object_label)[:300],
        source_ip=_source_ip(request),
        detail=dict(detail or {}),
    )


def audit_records_read(
    *,
    action: str,
    request: HttpRequest,
    records: Mapping[type[models.Model], Iterable[object]],
    via: str,
) -> AuditEntry | None:
    """Record one read of several records (a page of the API, a page of the admin): one
    entry per request listing the records' ids by type, never one per record or per field.
    With a single record, it is also the entry's object. Return the entry, or None when
    there was nothing to record."""
    ids = {
        model._meta.label_lower: sorted({str(pk) for pk in pks}) for model, pks in records.items()
    }
    ids = {label: pks for label, pks in ids.items() if pks}
    if not ids:
        return None
    (label, pks), *others = ids.items()
    single = not others and len(pks) == 1
    return audit_record(
        action=action,
        request=request,
        object_type=label if single else "",
        object_id=pks[0] if single else "",
        detail={"via": via, "records": ids},
    )
