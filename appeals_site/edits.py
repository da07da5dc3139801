"""What one save of an aggregate changed, in the shape its service takes.

The admin (from its forms and formsets) and the API (from a request body) both describe an
edit this way, and both hand it to the same service (`case_save`, `appeal_save`,
`authority_save` …), which validates, saves and does the follow-up work once. A record's
`path` is where its errors are named: the API's path in the request body
("charges[1]", "detention_periods[0].extensions[2]"), or the admin's form prefix
("charges-1", "detention_periods-0-extensions-2"); "" is the aggregate's root itself.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from appeals_site.models import ProvenanceModel


@dataclass
class RecordEdit:
    """One record added or changed: the instance holding its new values (not saved yet), where
    errors about it are named, and what its save needs beside its own fields."""

    record: Any
    path: str
    # Hearings and events: the defenders they involve (None: left as they are).
    defenders: list | None = None
    # Hearings: why the hearing moved, kept with the move.
    move_reason: str = ""
    # Detention periods: their extensions added, changed and deleted.
    extensions: "RecordEdits | None" = None
    # Records nested in this one, by kind (a proceeding's charges and decisions, a
    # decision's rulings, a ruling's sentence parts): each added, changed and deleted.
    children: "dict[str, RecordEdits]" = field(default_factory=dict)
    # Many-to-many links set whole once the record is saved (a charge's defenders and
    # replacements, a decision's charges, an event's unnamed people); a link left out is
    # left as it is.
    links: dict[str, list] = field(default_factory=dict)
    # Set by the service that writes it: whether the write changed what partners read (a
    # change of confidential or internal fields alone did not).
    shared: bool = False
    # The appeal the whole write names as its source (sources_name sets it on every record).
    source: Any = None


@dataclass
class RecordEdits:
    """The records of one kind added or changed (`saved`) and deleted (`deleted`)."""

    saved: list[RecordEdit] = field(default_factory=list)
    deleted: list = field(default_factory=list)
    # The appeal the whole write names as its source, for the records deleted.
    source: Any = None

    def __bool__(self) -> bool:
        return bool(self.saved or self.deleted)


def sources_name(edits: "RecordEdits | None", source) -> None:
    """Name `source` (an appeal, or None) as the source of every record of `edits`, the
    records nested in them too: a write names its source once, not per record."""
    if not edits:
        return
    edits.source = source
    for edit in edits.saved:
        edit.source = source
        sources_name(edit.extensions, source)
        for children in edit.children.values():
            sources_name(children, source)


def source_stamp(record: models.Model, source) -> None:
    """Attribute a write of `record` to `source` (appeals_site.models.ProvenanceModel): a
    record created from a source was first stated there, and every record written or deleted
    was last changed there; `stated_in` never moves after. A write without a source records
    nothing: what was recorded stays, and null stays unknown."""
    if source is None or not isinstance(record, ProvenanceModel):
        return
    if record._state.adding:
        record.stated_in = source
    record.changed_in = source


def links_differ(record: models.Model, links: dict[str, list]) -> bool:
    """Return whether a stored `record`'s many-to-many `links` (name: the rows it is to
    name) differ from what is stored."""
    if record._state.adding or record.pk is None:
        return bool(links)
    return any(
        {row.pk for row in rows} != set(getattr(record, name).values_list("pk", flat=True))
        for name, rows in links.items()
    )


def error_at(path: str, exc: ValidationError) -> ValidationError:
    """Return `exc` with each of its fields named by its path under `path` ("charges[1]" and
    "article" make "charges[1].article"); a record's non-field errors are named by `path`."""
    if not hasattr(exc, "error_dict"):
        return ValidationError({path or NON_FIELD_ERRORS: exc.messages})
    return ValidationError(
        {
            (path or NON_FIELD_ERRORS)
            if name == NON_FIELD_ERRORS
            else (f"{path}.{name}" if path else name): errors
            for name, errors in exc.error_dict.items()
        }
    )


def related_ids_refresh(record: models.Model) -> None:
    """Name the records `record` points to by their keys as they are now. A record added with
    its parent (an admin inline of a case being added) was given the parent before the parent
    was saved, and so before the parent had its key: Django's inline formsets clear a
    parent's generated key until it is saved."""
    for f in record._meta.concrete_fields:
        if (
            isinstance(f, models.ForeignKey)
            and f.is_cached(record)
            and getattr(record, f.attname) is None
        ):
            related = getattr(record, f.name)
            if related is not None and related.pk is not None:
                setattr(record, f.attname, related.pk)


def full_clean_at(path: str, instance: models.Model, **kwargs) -> None:
    """Validate `instance`; its errors are named under `path`."""
    related_ids_refresh(instance)
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        raise error_at(path, exc) from exc


def stored_row(record: models.Model) -> models.Model | None:
    """Return the record as its stored row holds it, or None for a record not stored yet."""
    if record._state.adding or record.pk is None:
        return None
    return type(record)._default_manager.filter(pk=record.pk).first()


def unchanged(record: models.Model, *, stored: models.Model | None = None) -> bool:
    """Return whether `record` is stored and holds exactly what its stored row holds (given,
    or read), so that saving it again would only add an empty history row."""
    if stored is None:
        stored = stored_row(record)
    if stored is None:
        return False
    return all(
        getattr(stored, f.attname) == getattr(record, f.attname)
        for f in record._meta.concrete_fields
        if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    )


def history_after_links(record: models.Model) -> None:
    """Write the history row of a record just created, with its many-to-many links as they now
    stand. The caller saved it and set its links with `skip_history_when_saving` (so neither
    wrote a row): django-simple-history would otherwise log "Created" with no links, then
    "Changed" for each link set."""
    history = type(record).history  # type: ignore[attr-defined]
    [row] = history.bulk_history_create([record])
    for m2m_field in row._history_m2m_fields:
        # The row's own copy of the link table, as simple_history's create_historical_record.
        snapshot = getattr(row, m2m_field.name).model
        through = getattr(record, m2m_field.name).through
        names = [f.name for f in through._meta.fields]
        links = through.objects.filter(**{m2m_field.m2m_field_name(): record})
        snapshot.objects.bulk_create(
            [
                snapshot(history=row, **{name: getattr(link, name) for name in names})
                for link in links
            ]
        )
