"""Writes to the directory of authorities and embassies. The admin and the API both save
through authority_save and embassy_save."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals_site.edits import RecordEdit, RecordEdits, full_clean_at, unchanged
from authorities.models import NUMBER_FIELDS, Authority, AuthorityContact, Embassy
from cases.models import AppealAuthority, Case, CaseAuthority
from cases.signals import cases_touched

# --- Authorities and embassies ----------------------------------------------------------------


def _with_history_user(instance, acting_user):
    if isinstance(acting_user, User):
        instance._history_user = acting_user
    return instance


def _contacts_edit(*, authority: Authority, contacts: Iterable[Mapping[str, Any]]) -> RecordEdits:
    """Return the edit that makes the authority's contacts `contacts` (kind, as printed or
    value, position), each validated and normalised (E.164 or e-mail, a number that cannot be
    read kept as printed) by its own full_clean: a contact already stored (same kind and
    value) is kept, with its new position and printing; the others are added, and those left
    over deleted."""

    def key(contact: AuthorityContact) -> tuple[str, str]:
        return contact.kind, contact.value or contact.as_printed

    stored = {} if authority._state.adding else {key(c): c for c in authority.contacts.all()}
    edits = RecordEdits()
    seen = set()
    for position, data in enumerate(contacts):
        contact = AuthorityContact(
            authority=authority,
            kind=data.get("kind", ""),
            as_printed=data.get("as_printed", ""),
            value=data.get("value", ""),
            position=data.get("position", position),
        )
        try:
            contact.full_clean(exclude=["authority"], validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError({"contacts": [f"{position}: {m}" for m in exc.messages]}) from exc
        if key(contact) in seen:
            raise ValidationError(
                {"contacts": [_("This authority already has this number or address.")]}
            )
        seen.add(key(contact))
        kept = stored.pop(key(contact), None)
        if kept is not None:
            kept.position, kept.as_printed = contact.position, contact.as_printed
            contact = kept
        edits.saved.append(RecordEdit(record=contact, path=f"contacts[{position}]"))
    edits.deleted = list(stored.values())
    return edits


def authority_cases_touch(*, authority: Authority) -> None:
    """Case documents carry their target and addressed authorities: mark those cases changed,
    so that partners' next sync picks the change up."""
    targeted = CaseAuthority.objects.filter(authority=authority).values("case_id")
    addressed = AppealAuthority.objects.filter(authority=authority).values("appeal__case_id")
    case_ids = list(
        Case.objects.filter(Q(pk__in=targeted) | Q(pk__in=addressed)).values_list("pk", flat=True)
    )
    Case.objects.filter(pk__in=case_ids).update(updated_at=timezone.now())
    cases_touched.send(sender=Case, case_ids=case_ids)


@transaction.atomic
def authority_save(
    *, authority: Authority, acting_user, contacts: RecordEdits | None = None
) -> Authority:
    """Save the authority as edited (its fields set on the instance) with its contacts added,
    changed and deleted, and return it. The admin and the API both save through here. Case
    documents carry their authorities: the cases naming it are marked changed."""
    adding = authority._state.adding
    authority.full_clean()
    _with_history_user(authority, acting_user).save()
    for contact in contacts.deleted if contacts else ():
        _with_history_user(contact, acting_user).delete()
    for edit in contacts.saved if contacts else ():
        full_clean_at(edit.path, edit.record)
        if not unchanged(edit.record):
            _with_history_user(edit.record, acting_user).save()
    if not adding:
        authority_cases_touch(authority=authority)
    return authority


def authority_create(
    *, acting_user, contacts: Iterable[Mapping[str, Any]] | None = None, **fields: object
) -> Authority:
    """Create an authority with its contacts; return it."""
    authority = Authority(**fields)
    edits = None if contacts is None else _contacts_edit(authority=authority, contacts=contacts)
    return authority_save(authority=authority, acting_user=acting_user, contacts=edits)


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
    edits = None if contacts is None else _contacts_edit(authority=authority, contacts=contacts)
    return authority_save(authority=authority, acting_user=acting_user, contacts=edits)


@transaction.atomic
def embassy_save(*, embassy: Embassy, acting_user) -> Embassy:
    """Save the embassy as edited (its fields set on the instance); return it. The admin and
    the API both save through here."""
    embassy.full_clean()
    _with_history_user(embassy, acting_user).save()
    return embassy


def embassy_create(*, acting_user, **fields: object) -> Embassy:
    """Create an embassy; return it."""
    return embassy_save(embassy=Embassy(**fields), acting_user=acting_user)


def embassy_update(*, embassy: Embassy, acting_user, **fields: object) -> Embassy:
    """Change the given fields of the embassy; return it. A number given without its
    printing is its own printing (the one stored before is of the number replaced)."""
    for number in NUMBER_FIELDS:
        if number in fields and f"{number}_as_printed" not in fields:
            fields[f"{number}_as_printed"] = fields[number]
    for name, value in fields.items():
        setattr(embassy, name, value)
    return embassy_save(embassy=embassy, acting_user=acting_user)
