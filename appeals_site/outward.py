"""The shape of a record's outward fields: what leaves the system, and what never does.

Each app declares its records beside its models (`cases/outward.py`, `defenders/outward.py`,
`authorities/outward.py`) with the types below: plain data that imports only models. The
outward channels read the declarations, never the other way round:

- the case documents of the API (`cases.api.documents`: which columns the query selects),
- their OpenAPI components (`cases.api.schemas`: type, format, nullability, enum, help),
- the CSV export (`cases.api.exports`: its columns),
- the letter context (`letters.context`: which fields a letter may read),
- the confidentiality rule (`appeals_site.confidential`: the confidential fields).

Every concrete field of a declared model is either outward or internal
(tests/appeals_site/test_outward.py fails otherwise), so a field added to a model is a
decision, not an accident. The app's `AppConfig.ready()` imports its declaration, which calls
`declare()`: the registry is complete before any request, task or check runs.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise

from appeals_site.confidential import CONFIDENTIAL_FIELDS

# A choice's label: a string, or one translated when read (gettext_lazy).
StrOrPromise = str | Promise

# JSON kinds of an outward field. A field's kind says what the API document holds and so what
# the schema says of it; the relation kinds are built by the record's own document function.
STRING, UUID, INTEGER, BOOLEAN = "string", "uuid", "integer", "boolean"
DATE, TIME, DATETIME, CHOICE = "date", "time", "datetime", "choice"
SLUGS, UUIDS, RECORDS, INLINE = "slugs", "uuids", "records", "inline"
# A date as precise as its source (cases.dates.UncertainDate): its column holds the earliest
# day, the document the date in the API's form ("2019-03", "2012-autumn", "2015~"), made from
# the columns `<name>_latest` and `<name>_precision`, which the record declares too.
UNCERTAIN_DATE = "uncertain date"
# An appeal a fact is attributed to (appeals_site.models.ProvenanceModel): its column holds the
# appeal's id, the document `{"id": …, "reference": …}` or null, and null for partners when
# the appeal is not one they may see (an unissued draft).
SOURCE = "source"
RELATIONS = frozenset({SLUGS, UUIDS, RECORDS, INLINE})


@dataclass(frozen=True, eq=False)
class Out:
    """One outward field: its API name and what each channel needs of it."""

    name: str
    kind: str = STRING
    # The model field behind it when the API name differs ("defender" is `defender_id`).
    source: str = ""
    blank: bool = False
    nullable: bool = False
    choices: Sequence[tuple[str, StrOrPromise]] = ()
    help: str = ""
    # Withheld from partners unless staff disclose it for the record; never in a letter or CSV.
    confidential: bool = False
    # Read by the letter context (letters.context).
    letter: bool = False
    # Counted after the query (days detained …), not a column.
    computed: bool = False
    # In the case documents (and their schema); False: only in the record's own endpoint
    # (/api/v1/defenders/, authorities/, appeals/ …), e.g. when it last changed.
    document: bool = True

    @property
    def column(self) -> str:
        return self.source or self.name

    @property
    def is_column(self) -> bool:
        return not self.computed and self.kind not in RELATIONS


@dataclass(frozen=True, eq=False)
class Record:
    """A model's outward fields, in the order partners receive them, and its internal ones.

    `disclosed_fields` (appeals_site.models.ConfidentialFactsModel) goes with the confidential
    fields, to staff only: it is neither listed nor left undecided."""

    model: type[models.Model]
    outward: tuple[Out, ...]
    internal: tuple[str, ...] = ()
    # The CSV export's columns, in order (only the case has one): outward field names, or the
    # names of the columns the export computes (cases.api.exports.COMPUTED_COLUMNS).
    csv: tuple[str, ...] = ()
    by_name: dict[str, Out] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {out.name: out for out in self.outward})

    @property
    def label(self) -> str:
        return self.model._meta.label

    def columns(self) -> list[Out]:
        """Return the outward fields of the case documents that the database gives as they
        are (no relation, none computed), in order."""
        return [out for out in self.outward if out.is_column and out.document]

    def names(self) -> list[str]:
        """Return the names of the outward fields, in order (those of the record's own
        endpoint too)."""
        return [out.name for out in self.outward]

    def confidential(self) -> frozenset[str]:
        return frozenset(out.name for out in self.outward if out.confidential)

    def letter(self) -> list[str]:
        """Return the names of the fields a letter reads."""
        return [out.name for out in self.outward if out.letter]


def provenance() -> tuple[Out, ...]:
    """Return the outward fields of a ProvenanceModel (appeals_site.models): the appeal that
    first stated the fact, and the one that last changed it."""
    return (
        Out(
            "stated_in",
            SOURCE,
            source="stated_in_id",
            nullable=True,
            help="The appeal that first stated this fact; null: not recorded.",
        ),
        Out(
            "changed_in",
            SOURCE,
            source="changed_in_id",
            nullable=True,
            help="The appeal that last changed it; null: not recorded.",
        ),
    )


DECLARED: dict[str, Record] = {}


def declare(*records: Record) -> None:
    """Register the records' declarations (called by each app's `outward` module)."""
    for record in records:
        DECLARED[record.label] = record
        secret = record.confidential()
        if secret:
            CONFIDENTIAL_FIELDS[record.label] = secret


def record_of(model: type[models.Model] | models.Model) -> Record:
    """Return the declaration of `model`."""
    return DECLARED[model._meta.label]


# The timestamps of a record say when it changed, not what a partner reads of it.
_TIMESTAMPS = frozenset({"created_at", "updated_at", "shared_at"})


def partner_view(instance: models.Model) -> dict[str, object]:
    """Return the values of `instance`'s own columns that a partner can read: its outward
    fields that are not confidential, and its confidential ones that staff disclosed for it
    (a field disclosed or withdrawn changes what partners read).

    Two states of a record with equal views differ only in what partners never see: saving
    such a change must leave every outward trace (documents, update time, ETag, sync
    position) as it was."""
    return partner_view_of(instance, loaded=None)


def partner_view_of(
    instance: models.Model, *, loaded: dict[str, object] | None
) -> dict[str, object]:
    """Return partner_view of `instance`, or, with `loaded` (column values as read from the
    database, `Model.from_db`), of the state it was loaded in: then only the columns that
    were loaded, and never a query for a deferred one."""

    def value(column: str) -> object:
        return loaded.get(column) if loaded is not None else getattr(instance, column)

    record = record_of(instance)
    available = (
        set(loaded)
        if loaded is not None
        else {f.attname for f in instance._meta.concrete_fields} - instance.get_deferred_fields()
    )
    listed = value("disclosed_fields") if "disclosed_fields" in available else None
    disclosed = set(listed) if isinstance(listed, list) else set()
    return {
        out.name: value(out.column)
        for out in record.outward
        if out.is_column
        and out.column in available
        and out.name not in _TIMESTAMPS
        and (not out.confidential or out.name in disclosed)
    }
