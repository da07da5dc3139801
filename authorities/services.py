"""Writes to the directory of authorities and embassies."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from authorities.models import Authority, AuthorityContact, Embassy

# --- Authorities and embassies ----------------------------------------------------------------


def _with_history_user(instance, acting_user):
    if isinstance(acting_user, User):
        instance._history_user = acting_user
    return instance


def _contacts_replace(
    *, authority: Authority, contacts: Iterable[Mapping[str, Any]], acting_user
) -> None:
    """Replace the authority's contacts by `contacts` (kind, value, position), each validated
    and normalised (E.164 or e-mail) by its own full_clean."""
    authority.contacts.all().delete()
    seen = set()
    for position, data in enumerate(contacts):
        contact = AuthorityContact(
            authority=authority,
            kind=data.get("kind", ""),
            value=data.get("value", ""),
            position=data.get("position", position),
        )
        try:
            contact.full_clean()
        except ValidationError as exc:
            raise ValidationError({"contacts": [f"{position}: {m}" for m in exc.messages]}) from exc
        if (contact.kind, contact.value) in seen:
            raise ValidationError(
                {"contacts": [_("This authority already has this number or address.")]}
            )
        seen.add((contact.kind, contact.value))
        _with_history_user(contact, acting_user).save()


def authority_cases_touch(*, authority: Authority) -> None:
    """Case documents carry their target and addressed authorities: mark those cases changed,
    so that partners' next sync picks the change up."""
    from cases.models import AppealAuthority, Case, CaseAuthority

    targeted = CaseAuthority.objects.filter(authority=authority).values("case_id")
    addressed = AppealAuthority.objects.filter(authority=authority).values("appeal__case_id")
    Case.objects.filter(Q(pk__in=targeted) | Q(pk__in=addressed)).update(updated_at=timezone.now())


@transaction.atomic
def authority_create(
    *, acting_user, contacts: Iterable[Mapping[str, Any]] | None = None, **fields: object
) -> Authority:
    """Create an authority with its contacts; return it."""
    authority = Authority(**fields)
    authority.full_clean()
    _with_history_user(authority, acting_user).save()
    if contacts is not None:
        _contacts_replace(authority=authority, contacts=contacts, acting_user=acting_user)
    return authority


@transaction.atomic
def authority_update(
    *,
    authority: Authority,
    acting_user,
    contacts: Iterable[Mapping[str, Any]] | None = None,
    **fields: object,
) -> Authority:
    """Change the given fields of the authority; `contacts`, if given, replace its contacts.
    Return it."""
    for name, value in fields.items():
        setattr(authority, name, value)
    authority.full_clean()
    _with_history_user(authority, acting_user).save()
    if contacts is not None:
        _contacts_replace(authority=authority, contacts=contacts, acting_user=acting_user)
    authority_cases_touch(authority=authority)
    return authority


@transaction.atomic
def embassy_create(*, acting_user, **fields: object) -> Embassy:
    """Create an embassy; return it."""
    embassy = Embassy(**fields)
    embassy.full_clean()
    _with_history_user(embassy, acting_user).save()
    return embassy


@transaction.atomic
def embassy_update(*, embassy: Embassy, acting_user, **fields: object) -> Embassy:
    """Change the given fields of the embassy; return it."""
    for name, value in fields.items():
        setattr(embassy, name, value)
    embassy.full_clean()
    _with_history_user(embassy, acting_user).save()
    return embassy
