"""Writes to defenders. The admin and the API go through these functions (defender_save);
so do the administrators' export and erasure of everything about one defender."""

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from appeals_site.audit.models import AuditEntry
from appeals_site.audit.services import Action, audit_record
from appeals_site.confidential import confidential_fields
from appeals_site.edits import (
    RecordEdit,
    RecordEdits,
    full_clean_at,
    source_stamp,
    sources_name,
    unchanged,
)
from appeals_site.outward import partner_view
from cases.dates import UncertainDate, uncertain_date_set
from cases.models import Appeal, Case, Charge, DetentionPeriod, Event, Hearing, Ruling
from cases.selectors import case_visibility_condition, defender_visible_to
from cases.signals import cases_touched
from defenders.models import Affiliation, AreaOfWork, Defender, OtherName

ActingUser = User | AnonymousUser | None


def _with_history_user(instance, acting_user: ActingUser):
    if isinstance(acting_user, User):
        instance._history_user = acting_user
    return instance


def defender_visible_check(*, defender: Defender, acting_user: ActingUser) -> None:
    """Raise Http404 when the acting member of staff may not see the stored defender (one who
    appears only on restricted cases they are not assigned to: cases.selectors
    .defender_visibility_condition). To them the defender does not exist, so the refusal is
    the one a missing record gets, whichever door the write came through: the API and the
    admin both answer 404. None is the system acting (a command, a task): it sees all."""
    if acting_user is None or defender._state.adding or defender.pk is None:
        return
    if not defender_visible_to(user=acting_user, defender_id=defender.pk):
        raise Http404("No defender matches the given query.")


def defender_cases_touch(*, defender: Defender, shared: bool = True) -> None:
    """A defender is part of every case document that names them: mark those cases changed,
    so that the next sync picks the change up; partners' (shared_at) only when `shared`, i.e.
    when what they read of the defender changed."""
    now = timezone.now()
    fields = {"updated_at": now, "shared_at": now} if shared else {"updated_at": now}
    case_ids = list(defender.cases.values_list("pk", flat=True))
    Case.objects.filter(pk__in=case_ids).update(**fields)
    cases_touched.send(sender=Case, case_ids=case_ids)


def other_names_edit(
    *, defender: Defender, other_names: Iterable[Mapping[str, Any]]
) -> RecordEdits:
    """Return the edit that makes the defender's other names `other_names` (name, kind), in
    that order: a name already recorded is kept (its kind and place updated), the others are
    added, and those left out deleted."""
    stored = {} if defender._state.adding else {o.name: o for o in defender.other_names.all()}
    edits = RecordEdits()
    for position, data in enumerate(other_names):
        name = str(data.get("name", "")).strip()
        record = stored.pop(name, None) or OtherName(defender=defender, name=name)
        record.kind = data.get("kind") or OtherName.Kind.SPELLING
        record.position = position
        edits.saved.append(RecordEdit(record=record, path=f"other_names[{position}]"))
    edits.deleted = list(stored.values())
    return edits


# A defender's dated statements: uncertain dates (cases.dates) with their wording.
DATED_STATEMENTS = ("held_since", "work_since")


def _uncertain(value: object) -> UncertainDate | None:
    """Return `value` as an UncertainDate: one already (as the API parses it), an exact day
    (as the admin and commands give it) or None."""
    if value is None or isinstance(value, UncertainDate):
        return value
    if isinstance(value, dt.date):
        return UncertainDate.exact(value)
    raise TypeError(f"Not an uncertain date: {value!r}")


def affiliations_edit(
    *, defender: Defender, affiliations: Iterable[Mapping[str, Any]]
) -> RecordEdits:
    """Return the edit that makes the defender's affiliations `affiliations` (organisation,
    role, period), in that order, the first being the primary one: they have no key of their
    own, so the stored ones are rewritten in order, the extra added, those left over
    deleted."""
    stored = [] if defender._state.adding else list(defender.affiliations.all())
    edits = RecordEdits()
    for position, data in enumerate(affiliations):
        record = stored.pop(0) if stored else Affiliation(defender=defender)
        record.organisation = data.get("organisation", "")
        record.role = data.get("role", "")
        record.period = data.get("period", "")
        uncertain_date_set(record, "since", _uncertain(data.get("since")))
        record.position = position
        edits.saved.append(RecordEdit(record=record, path=f"affiliations[{position}]"))
    edits.deleted = stored
    return edits


def _primary_affiliation(defender: Defender, affiliations: RecordEdits) -> Affiliation | None:
    """Return the first of the defender's affiliations as the edit leaves them."""
    saved = [edit.record for edit in affiliations.saved]
    gone = {a.pk for a in affiliations.deleted} | {a.pk for a in saved if a.pk is not None}
    kept = [] if defender._state.adding else list(defender.affiliations.exclude(pk__in=gone))
    ordered = sorted(kept + saved, key=lambda a: a.position)
    return ordered[0] if ordered else None


def _primary_edit(defender: Defender, stored: Defender | None) -> RecordEdits:
    """Return the edit of the primary affiliation when `role` or `organisation` were written
    directly (an API client that knows only those two fields): the first affiliation takes
    them, is added, or is deleted when both are blank."""
    if stored is not None and (stored.role, stored.organisation) == (
        defender.role,
        defender.organisation,
    ):
        return RecordEdits()
    first = None if stored is None else defender.affiliations.first()
    if not (defender.role or defender.organisation):
        return RecordEdits(deleted=[first] if first else [])
    record = first or Affiliation(defender=defender, position=0)
    record.role, record.organisation = defender.role, defender.organisation
    return RecordEdits(saved=[RecordEdit(record=record, path="")])


def _children_save(edits: RecordEdits, *, acting_user: ActingUser) -> bool:
    """Save and delete the records of `edits`; return whether anything changed."""
    changed = False
    for record in edits.deleted:
        source_stamp(record, edits.source)
        _with_history_user(record, acting_user).delete()
        changed = True
    for edit in edits.saved:
        full_clean_at(edit.path, edit.record)
        if not unchanged(edit.record):
            source_stamp(edit.record, edit.source)
            _with_history_user(edit.record, acting_user).save()
            changed = True
    return changed


def defender_source_appeal_resolve(
    *, defender: Defender, appeal_id, acting_user: ActingUser
) -> Appeal | None:
    """Return the appeal `appeal_id` names, the source of what a write states about the
    defender (None: it names none). It must be an appeal of one of the defender's cases that
    the acting user may see; any other id is refused on `source_appeal`, an appeal of another
    case or of none alike."""
    if appeal_id is None:
        return None
    appeals = Appeal.objects.none()
    if not defender._state.adding:
        appeals = Appeal.objects.filter(case__defenders=defender)
        if acting_user is not None:
            appeals = appeals.filter(case_visibility_condition(acting_user, through="case__"))
    try:
        found = appeals.filter(pk=appeal_id).first()
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise ValidationError(
            {
                "source_appeal": _("Not an appeal of this defender's cases: %(id)s.")
                % {"id": appeal_id}
            }
        )
    return found


@transaction.atomic
def defender_save(
    *,
    defender: Defender,
    acting_user: ActingUser,
    areas_of_work: Iterable[AreaOfWork] | None = None,
    other_names: RecordEdits | None = None,
    affiliations: RecordEdits | None = None,
    source_appeal: Appeal | None = None,
) -> Defender:
    """Save the defender as edited (its fields set on the instance; its areas of work, other
    names and affiliations, if given), and return it. The admin and the API both save through
    here. The first affiliation is the primary one: its role and organisation are copied to
    the defender's own columns, which letters and pages read (a role or organisation written
    directly, with no affiliations given, becomes the first affiliation). A defender is part
    of every case document that names them: those cases are marked changed. A defender the
    acting user may not see is refused as missing (defender_visible_check). `source_appeal`
    (defender_source_appeal_resolve) is the source of the other names and affiliations
    written (appeals_site.models.ProvenanceModel); None records none."""
    adding = defender._state.adding
    defender_visible_check(defender=defender, acting_user=acting_user)
    if source_appeal is not None and (
        adding or not source_appeal.case.defenders.filter(pk=defender.pk).exists()
    ):
        raise ValidationError(
            {
                "source_appeal": _("Not an appeal of this defender's cases: %(id)s.")
                % {"id": source_appeal.pk}
            }
        )
    stored = None if adding else Defender.objects.filter(pk=defender.pk).first()
    if affiliations is not None:
        primary = _primary_affiliation(defender, affiliations)
        defender.role = primary.role if primary else ""
        defender.organisation = primary.organisation if primary else ""
    else:
        affiliations = _primary_edit(defender, stored)
    defender.full_clean()
    # A change of confidential facts alone (health, family, address …, not disclosed) is
    # nothing partners read: their documents and sync position stay as they were.
    shared = stored is None or partner_view(stored) != partner_view(defender)
    _with_history_user(defender, acting_user).save()
    children_changed = False
    for edits in (other_names, affiliations):
        sources_name(edits, source_appeal)
        for edit in edits.saved if edits else ():
            edit.record.defender = defender
        if edits is not None:
            children_changed |= _children_save(edits, acting_user=acting_user)
    if areas_of_work is not None:
        areas = list(areas_of_work)
        if {a.pk for a in areas} != set(defender.areas_of_work.values_list("pk", flat=True)):
            children_changed = True
        defender.areas_of_work.set(areas)
    if children_changed and not adding:
        # Partners read the areas of work, other names and affiliations: the defender's own
        # shared_at moves too (its save moved it only for a change of its own columns).
        shared = True
        defender.shared_at = timezone.now()
        Defender.objects.filter(pk=defender.pk).update(shared_at=defender.shared_at)
    if not adding:
        defender_cases_touch(defender=defender, shared=shared)
    return defender


def defender_create(
    *,
    acting_user: ActingUser,
    areas_of_work: Iterable[AreaOfWork] | None = None,
    other_names: Iterable[Mapping[str, Any]] | None = None,
    affiliations: Iterable[Mapping[str, Any]] | None = None,
    source_appeal=None,
    **fields: object,
) -> Defender:
    """Create a defender from model field values (other names and affiliations as lists of
    their fields); return it. A new defender is on no case yet: `source_appeal`, if given,
    is refused."""
    return defender_update(
        defender=Defender(),
        acting_user=acting_user,
        areas_of_work=areas_of_work,
        other_names=other_names,
        affiliations=affiliations,
        source_appeal=source_appeal,
        **fields,
    )


def defender_update(
    *,
    defender: Defender,
    acting_user: ActingUser,
    areas_of_work: Iterable[AreaOfWork] | None = None,
    other_names: Iterable[Mapping[str, Any]] | None = None,
    affiliations: Iterable[Mapping[str, Any]] | None = None,
    source_appeal=None,
    **fields: object,
) -> Defender:
    """Change the given fields (and areas of work, other names and affiliations, if given:
    each list replaces the defender's) of the defender; return it. A phone number given
    without its printing is its own printing. `source_appeal`: the id of the appeal that
    states the other names and affiliations written (defender_source_appeal_resolve)."""
    source = defender_source_appeal_resolve(
        defender=defender, appeal_id=source_appeal, acting_user=acting_user
    )
    if "phone" in fields and "phone_as_printed" not in fields:
        fields["phone_as_printed"] = fields["phone"]
    for name in DATED_STATEMENTS:
        if name in fields:
            uncertain_date_set(defender, name, _uncertain(fields.pop(name)))
    for name, value in fields.items():
        setattr(defender, name, value)
    return defender_save(
        defender=defender,
        acting_user=acting_user,
        areas_of_work=areas_of_work,
        other_names=None
        if other_names is None
        else other_names_edit(defender=defender, other_names=other_names),
        affiliations=None
        if affiliations is None
        else affiliations_edit(defender=defender, affiliations=affiliations),
        source_appeal=source,
    )


def defender_has_confidential_facts(defender: Defender) -> bool:
    """Return whether any of the defender's confidential fields holds something."""
    return any(getattr(defender, name) for name in confidential_fields(Defender))


# --- Export and erasure (administrators) ----------------------------------------------------


def _check_administrator(acting_user: ActingUser) -> None:
    # Everything about a defender, their confidential facts included, in one file; or all of
    # it gone for good: administrators only, whichever door (admin, shell) is used.
    if not (acting_user and acting_user.is_active and acting_user.is_superuser):
        raise PermissionDenied(_("Only administrators may export or erase a defender."))


class ExportEncoder(DjangoJSONEncoder):
    """Dates, UUIDs and decimals as DjangoJSONEncoder does; phone numbers and other value
    objects as their text."""

    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _fields(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Return the record's concrete fields (foreign keys by id), as the database holds them."""
    skipped = set(exclude)
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in skipped
    }


def defender_export(*, defender: Defender, acting_user: ActingUser, request=None) -> dict:
    """Return everything recorded about the defender, as one JSON-ready document: the
    defender (confidential facts included), their charges, the courts' rulings on them (with
    their decisions and sentences), detention periods (with
    extensions), the hearings and events of their cases that name them, their cases'
    titles and references, and their own history rows. The export is audited."""
    _check_administrator(acting_user)
    defender_visible_check(defender=defender, acting_user=acting_user)
    periods = DetentionPeriod.objects.filter(defender=defender).prefetch_related("extensions")
    history = defender.history.select_related("history_user").order_by("history_date")
    document = {
        "exported_at": timezone.now(),
        "defender": {
            **_fields(defender),
            "areas_of_work": sorted(defender.areas_of_work.values_list("slug", flat=True)),
            "other_names": [_fields(o, exclude=["defender"]) for o in defender.other_names.all()],
            "affiliations": [_fields(a, exclude=["defender"]) for a in defender.affiliations.all()],
        },
        "cases": list(
            defender.cases.order_by("created_at").values("id", "reference", "title", "country")
        ),
        "charges": [
            {**_fields(c), "replaced_by": sorted(str(r.pk) for r in c.replaced_by.all())}
            for c in Charge.objects.filter(defenders=defender).order_by("id")
        ],
        "rulings": [
            {
                **_fields(r),
                "decision": _fields(r.decision),
                "sentence_parts": [_fields(p) for p in r.sentence_parts.all()],
            }
            for r in Ruling.objects.filter(defender=defender).select_related("decision")
        ],
        "detention_periods": [
            {**_fields(p), "extensions": [_fields(e) for e in p.extensions.order_by("ordered_on")]}
            for p in periods.order_by("start_date", "id")
        ],
        "hearings": [
            _fields(h)
            for h in Hearing.objects.filter(defenders=defender).order_by("starts_at", "id")
        ],
        "events": [
            _fields(e)
            for e in Event.objects.filter(
                defenders=defender, case__in=defender.cases.all()
            ).order_by("date", "id")
        ],
        "history": [
            {
                "history_date": row.history_date,
                "history_type": row.get_history_type_display(),
                "history_user": row.history_user.get_username() if row.history_user else None,
                "history_change_reason": row.history_change_reason,
                "fields": _fields(row.instance),
            }
            for row in history
        ],
    }
    # Through the encoder and back: what is returned is exactly what the file will hold.
    document = json.loads(json.dumps(document, cls=ExportEncoder))
    audit_record(
        action=Action.DEFENDER_EXPORT,
        request=request,
        actor=acting_user,
        target=defender,
        detail={key: len(document[key]) for key in ("cases", "charges", "history")},
    )
    return document


def erased_name(defender: Defender) -> str:
    """Return the name an erased defender keeps: "Erased defender 1a2b3c4d"."""
    return _("Erased defender %(id)s") % {"id": str(defender.pk)[:8]}


# Kept on erasure: what the defender's cases need to stay true (the case documents count
# detention from the periods and show the situation); every other field is personal.
ERASE_KEEPS = {"id", "situation", "created_at", "updated_at"}


@transaction.atomic
def defender_erase(*, defender: Defender, acting_user: ActingUser, request=None) -> Defender:
    """Erase the defender's personal data: the name becomes "Erased defender <short id>",
    every other personal field (confidential facts included) is blanked, and their history
    rows are deleted, so that only the audit entry of the erasure remains (who, when, which
    defender id). Their cases, and the charges, detention periods, hearings and events in
    them, stay as they are. Return the defender."""
    _check_administrator(acting_user)
    defender_visible_check(defender=defender, acting_user=acting_user)
    name = erased_name(defender)
    for field in Defender._meta.concrete_fields:
        if field.name in ERASE_KEEPS:
            continue
        if field.name == "full_name":
            value: Any = name
        elif field.name == "disclosed_fields":
            value = []
        elif field.has_default():
            value = field.get_default()
        else:
            value = "" if field.blank and not field.null else None
        setattr(defender, field.name, value)
    defender.full_clean()
    # No history row for the erasure itself: it would hold the state that replaced the data.
    defender.skip_history_when_saving = True  # type: ignore[attr-defined]
    defender.save()
    del defender.skip_history_when_saving  # type: ignore[attr-defined]
    defender.areas_of_work.clear()
    # Other names and affiliations are personal too: gone, with their history rows.
    for related in (defender.other_names, defender.affiliations):
        related.all().delete()
        related.model.history.model.objects.filter(defender_id=defender.pk).delete()

    history_model = Defender.history.model
    through_history = history_model._meta.apps.get_model(
        "defenders", "HistoricalDefender_areas_of_work"
    )
    # No database constraint links the two history tables: delete the m2m rows explicitly.
    through_history.objects.filter(defender_id=defender.pk).delete()
    history_model.objects.filter(id=defender.pk).delete()
    # The admin's log and earlier audit entries named the defender: they keep the new name.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Defender), object_id=str(defender.pk)
    ).update(object_repr=name)
    AuditEntry.objects.filter(
        object_type=Defender._meta.label_lower, object_id=str(defender.pk)
    ).update(object_label=name)
    defender_cases_touch(defender=defender)
    audit_record(
        action=Action.DEFENDER_ERASE,
        request=request,
        actor=acting_user,
        target=defender,
        detail={"defender_id": str(defender.pk)},
    )
    return defender
