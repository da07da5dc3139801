"""The history of a case's records (charges, detention periods and extensions, hearings,
events, target authorities, external references, appeals), for the case's history page:
the case's own history shows only its own fields."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst

from cases.models import (
    Appeal,
    Case,
    CaseAuthority,
    Charge,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Hearing,
    Proceeding,
    UnnamedGroup,
    charge_text,
)

# The models whose rows belong to one case, and how a historical row names its case.
CASE_RECORDS: list[tuple[type[models.Model], str]] = [
    (Proceeding, "case_id"),
    (Charge, "case_id"),
    (DetentionPeriod, "case_id"),
    (DetentionExtension, "period_id"),  # through its period, see below
    (Hearing, "case_id"),
    (Event, "case_id"),
    (CaseAuthority, "case_id"),
    (ExternalReference, "case_id"),
    (UnnamedGroup, "case_id"),
    (Appeal, "case_id"),
]


@dataclass
class RecordChange:
    when: dt.datetime
    user: object
    kind: str
    record: str
    action: str
    changes: list[dict] = field(default_factory=list)


def _describe(model, record, links: dict[str, list[str]]) -> str:
    # Avoid a query per row: these models' __str__ would follow a foreign key.
    if model is CaseAuthority:
        return str(record.authority) if record.authority_id else ""
    if model is Appeal:
        return record.reference or str(capfirst(record.get_intervention_type_display()))
    if model is Charge:
        # Charge.__str__ names the defenders it has now; this names those it had then.
        text = charge_text(record.history_object)
        names = ", ".join(links.get("defenders", []))
        return f"{names}: {text}" if names else text
    return str(record.history_object)


def _links_named(model, records) -> dict[int, dict[str, list[str]]]:
    """Return what each historical row's many-to-many fields linked when it was written, by
    name ({history_id: {field: [names]}}): a query per field for the rows and one for the
    names, not a query per row."""
    named: dict[int, dict[str, list[str]]] = defaultdict(dict)
    if not records:
        return named
    for m2m_field in records[0]._history_m2m_fields:
        snapshot = getattr(records[0], m2m_field.name).model
        target = m2m_field.m2m_reverse_field_name()
        rows = snapshot.objects.filter(history__in=[r.history_id for r in records])
        linked = list(rows.values_list("history_id", f"{target}_id"))
        targets = m2m_field.related_model._default_manager.all()
        if m2m_field.related_model is Charge:
            targets = targets.prefetch_related("defenders")
        names = {pk: str(t) for pk, t in targets.in_bulk({pk for _, pk in linked}).items()}
        for record in records:
            named[record.history_id][m2m_field.name] = []
        for history_id, pk in linked:
            # A record deleted since is named by what it was: gone.
            named[history_id][m2m_field.name].append(names.get(pk, "\u2014"))
    for links in named.values():
        for values in links.values():
            values.sort()
    return named


def _changes(model, record, older, links: dict[int, dict[str, list[str]]]) -> list[dict]:
    if older is None or record.history_type != "~":
        return []
    excluded = [f.name for f in model._meta.many_to_many]
    delta = record.diff_against(older, excluded_fields=excluded)
    changes = []
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        entry = {"field": capfirst(model_field.verbose_name)}
        # Related rows are named by id in history; the field name says enough.
        if not model_field.is_relation:
            entry.update(old=change.old, new=change.new)
        changes.append(entry)
    # The many-to-many fields the history keeps ("replaced by", defenders), old and new by name.
    new, old = links.get(record.history_id, {}), links.get(older.history_id, {})
    for name, values in new.items():
        if values != old.get(name, []):
            changes.append(
                {
                    "field": capfirst(model._meta.get_field(name).verbose_name),
                    "old": ", ".join(old.get(name, [])) or "\u2014",
                    "new": ", ".join(values) or "\u2014",
                }
            )
    return changes


def case_record_history(*, case: Case, limit: int = 200) -> list[RecordChange]:
    """Return the latest changes to the case's records, newest first (a query per model)."""
    periods = DetentionPeriod.history.filter(case_id=case.pk).values("id")
    entries = []
    for model, case_lookup in CASE_RECORDS:
        history = model.history.select_related("history_user")  # type: ignore[attr-defined]
        if model is DetentionExtension:
            history = history.filter(period_id__in=periods)
        else:
            history = history.filter(**{case_lookup: case.pk})
        if model is CaseAuthority:
            history = history.select_related("authority")
        records = list(history.order_by("-history_date", "-history_id")[:limit])
        links = _links_named(model, records)
        newer_first = defaultdict(list)
        for record in records:
            newer_first[record.id].append(record)
        for record in records:
            versions = newer_first[record.id]
            position = versions.index(record)
            older = versions[position + 1] if position + 1 < len(versions) else None
            entries.append(
                RecordChange(
                    when=record.history_date,
                    user=record.history_user,
                    kind=str(capfirst(model._meta.verbose_name)),
                    record=_describe(model, record, links.get(record.history_id, {})),
                    action=record.get_history_type_display(),
                    changes=_changes(model, record, older, links),
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
