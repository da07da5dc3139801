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


def _describe(model, record) -> str:
    # Avoid a query per row: these models' __str__ would follow a foreign key.
    if model is CaseAuthority:
        return str(record.authority) if record.authority_id else ""
    if model is Appeal:
        return record.reference or str(capfirst(record.get_intervention_type_display()))
    return str(record.history_object)


def _changes(model, record, older) -> list[dict]:
    if older is None or record.history_type != "~":
        return []
    # Many-to-many fields would cost a query per row; their changes show on the record's
    # own history page.
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
                    record=_describe(model, record),
                    action=record.get_history_type_display(),
                    changes=_changes(model, record, older),
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
